import { setTimeout as sleep } from 'node:timers/promises';
import type { Alert } from '../store/alert.js';
import type { AlertLogger } from './logger.js';
import { toPostableAlert } from './alertmanager-payload.js';

export interface AlertmanagerOptions {
  /** Alertmanager's base URL, e.g. `http://127.0.0.1:9093`; alerts go to `{url}/api/v2/alerts`. */
  readonly url: string;
  /** The analyzer's public base URL, for each alert's generatorURL; '' leaves generatorURL out. @default '' */
  readonly publicUrl?: string;
  /** Alerts waiting to be sent; past this, new alerts are dropped and counted. @default 1000 */
  readonly maxQueue?: number;
  /** Alerts per POST. @default 64 */
  readonly batchSize?: number;
  /** Tries per batch before it is given up (counted as failed). @default 5 */
  readonly maxAttempts?: number;
  /** First retry delay, doubled per retry up to maxBackoffMs. @default 200 */
  readonly initialBackoffMs?: number;
  /** @default 5000 */
  readonly maxBackoffMs?: number;
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs?: number;
  /** When set, endsAt = last seen + this; otherwise Alertmanager's resolve_timeout applies. */
  readonly resolveAfterMs?: number;
}

export interface SinkStats {
  readonly queued: number;
  readonly sent: number;
  /** Refused because the queue was full. */
  readonly dropped: number;
  /** Given up after maxAttempts, or refused by Alertmanager with a 4xx. */
  readonly failed: number;
  readonly retries: number;
}

/**
 * Delivers alerts to a Prometheus Alertmanager. `enqueue` never blocks and never throws: the queue
 * is bounded (drops counted), holds the newest version of each alert once, and is drained by one
 * background loop with exponential backoff on network errors, 5xx, 408 and 429.
 */
export class AlertmanagerSink {
  readonly #o: Required<Omit<AlertmanagerOptions, 'resolveAfterMs'>> & Pick<AlertmanagerOptions, 'resolveAfterMs'>;
  readonly #queue = new Map<string, Alert>();
  readonly #log: AlertLogger;
  readonly #stop = new AbortController();
  #pumping: Promise<void> | undefined;
  #stats = { sent: 0, dropped: 0, failed: 0, retries: 0 };

  constructor(options: AlertmanagerOptions, log: AlertLogger) {
    this.#o = { publicUrl: '', maxQueue: 1000, batchSize: 64, maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 5000, timeoutMs: 5000, ...options };
    this.#log = log;
  }

  enqueue(alert: Alert): void {
    if (this.#stop.signal.aborted) return void this.#stats.dropped++;
    if (!this.#queue.has(alert.id) && this.#queue.size >= this.#o.maxQueue) return void this.#stats.dropped++;
    this.#queue.delete(alert.id);
    this.#queue.set(alert.id, alert);
    this.#pumping ??= this.#pump().finally(() => (this.#pumping = undefined));
  }

  stats(): SinkStats {
    return { queued: this.#queue.size, ...this.#stats };
  }

  /** Resolves once everything queued now was sent or given up, or after `timeoutMs`. */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.#queue.size > 0 || this.#pumping) && Date.now() < deadline) await sleep(10);
  }

  /** Tries to deliver what is queued (up to 2 s), then stops. Safe twice. */
  async shutdown(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    await this.flush(2000);
    this.#stop.abort();
    await this.#pumping?.catch(() => {});
    this.#stats.dropped += this.#queue.size;
    this.#queue.clear();
  }

  async #pump(): Promise<void> {
    while (this.#queue.size > 0 && !this.#stop.signal.aborted) {
      const batch = [...this.#queue.values()].slice(0, this.#o.batchSize);
      for (const a of batch) this.#queue.delete(a.id);
      await this.#deliver(batch);
    }
  }

  async #deliver(batch: readonly Alert[]): Promise<void> {
    const body = JSON.stringify(batch.map((a) => toPostableAlert(a, this.#o.publicUrl, this.#o.resolveAfterMs)));
    let backoff = this.#o.initialBackoffMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#post(body);
      if (outcome === 'ok') return void (this.#stats.sent += batch.length);
      if (outcome === 'permanent' || attempt >= this.#o.maxAttempts || this.#stop.signal.aborted) {
        this.#stats.failed += batch.length;
        this.#log.warn(`alertmanager: gave up on ${batch.length} alert(s) after ${attempt} attempt(s) (${outcome === 'permanent' ? 'refused' : 'unreachable'})`);
        return;
      }
      this.#stats.retries++;
      try {
        await sleep(backoff, undefined, { signal: this.#stop.signal });
      } catch {
        // shutdown during backoff: the next turn gives up
      }
      backoff = Math.min(backoff * 2, this.#o.maxBackoffMs);
    }
  }

  async #post(body: string): Promise<'ok' | 'retryable' | 'permanent'> {
    try {
      const res = await fetch(`${this.#o.url.replace(/\/$/, '')}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'ok';
      if (res.status === 408 || res.status === 429 || res.status >= 500) return 'retryable';
      this.#log.warn(`alertmanager: POST /api/v2/alerts answered ${res.status}`);
      return 'permanent';
    } catch {
      return 'retryable';
    }
  }
}
