/**
 * Token buckets by key: `burst` events at once, then `perMinute` a minute. Time is given by the
 * caller (microseconds), so tests and benchmarks control it. Buckets idle long enough to be full
 * again are forgotten, so memory is bounded by the keys active within one refill period.
 */
export class RateLimiter {
  readonly #burst: number;
  readonly #perUs: number;
  readonly #buckets = new Map<string, { tokens: number; atUs: number }>();

  constructor(burst: number, perMinute: number) {
    this.#burst = burst;
    this.#perUs = perMinute / 60_000_000;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string, nowUs: number): boolean {
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, atUs: nowUs };
    b.tokens = Math.min(this.#burst, b.tokens + Math.max(0, nowUs - b.atUs) * this.#perUs);
    b.atUs = nowUs;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    if (this.#buckets.size > 10_000) this.#forgetFull(nowUs);
    return true;
  }

  #forgetFull(nowUs: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (nowUs - b.atUs) * this.#perUs >= this.#burst) this.#buckets.delete(key);
    }
  }
}
