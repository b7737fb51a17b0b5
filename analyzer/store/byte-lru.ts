/**
 * A least-recently-used map bounded by the total size of its values (bytes, as the caller counts
 * them). A value larger than the whole budget is never kept. Cost: O(1) per get, set and delete
 * (a Map's insertion order is the recency order).
 */
export class ByteLru<V> {
  readonly #entries = new Map<string, { readonly value: V; readonly bytes: number }>();
  readonly #maxBytes: number;
  #bytes = 0;

  /** @param maxBytes the budget; 0 keeps nothing. */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The value under `key`, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (of `bytes` size) under `key`, evicting the least recently used over budget. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.#maxBytes) return;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The sum of the kept values' sizes. */
  get bytes(): number {
    return this.#bytes;
  }
}

/**
 * A ByteLru that keeps a value only when its key is offered a second time while still
 * remembered among the last `rememberedKeys` offered keys. Values read once are never kept, so
 * reads spread over many keys create no long-lived garbage (kept values outlive two young
 * collections, get promoted and die old, which costs more GC work than re-reading them saves);
 * values read again and again (a flow a person or a UI keeps reading) are kept.
 */
export class SecondHitLru<V> {
  readonly #kept: ByteLru<V>;
  readonly #offered: ByteLru<true>;

  /** @param maxBytes budget for kept values; 0 keeps none. @param rememberedKeys offered keys remembered. */
  constructor(maxBytes: number, rememberedKeys = 4096) {
    this.#kept = new ByteLru(maxBytes);
    this.#offered = new ByteLru(rememberedKeys);
  }

  get(key: string): V | undefined {
    return this.#kept.get(key);
  }

  /** Keeps `value` when `key` is kept already or was offered before; otherwise remembers `key`. */
  offer(key: string, value: V, bytes: number): void {
    if (this.#kept.get(key) !== undefined || this.#offered.get(key) !== undefined) this.#kept.set(key, value, bytes);
    else this.#offered.set(key, true, 1);
  }

  delete(key: string): void {
    this.#kept.delete(key);
  }

  clear(): void {
    this.#kept.clear();
  }

  /** Values kept now. */
  get size(): number {
    return this.#kept.size;
  }
}
