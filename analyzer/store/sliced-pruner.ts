/**
 * Retention without one long pause: a pass calls `store.prune` for at most `sliceFlows` flows at a
 * time and yields to the event loop between slices (setImmediate), so queries and ingest are
 * served in between. Measured on a 100k-span SQLite store: 1000 boot-sized flows (26 spans each)
 * deleted at once held the loop for 297 ms, 32 for 3–4 ms, 16 for about 2 ms. The store may
 * also answer asynchronously (the store writer thread, whose connection holds the span count
 * `maxSpans` needs): ingest writes queued meanwhile are then committed between slices.
 */
import type { Retention, StoreStats } from './contracts.js';

/** Whatever applies retention: the store itself, or the thread that writes it. */
export interface Prunable {
  prune(retention: Retention, nowUs: number, maxFlows?: number): StoreStats | Promise<StoreStats>;
}

/** Flows deleted per slice. @default 16 */
export const DEFAULT_PRUNE_SLICE_FLOWS = 16;

export class SlicedPruner {
  readonly #store: Prunable;
  readonly #retention: Retention;
  readonly #sliceFlows: number;
  #pass: Promise<StoreStats> | undefined;
  #stopped = false;
  /** Passes that ended on an error thrown by the store. */
  errors = 0;

  constructor(store: Prunable, retention: Retention, sliceFlows = DEFAULT_PRUNE_SLICE_FLOWS) {
    this.#store = store;
    this.#retention = retention;
    this.#sliceFlows = sliceFlows;
  }

  /**
   * Starts a pass unless one is running (then returns that one); resolves with what the pass
   * removed once nothing more is due, after stop(), or when the store throws (counted in errors).
   */
  run(nowUs: number): Promise<StoreStats> {
    this.#pass ??= this.#slices(nowUs).finally(() => (this.#pass = undefined));
    return this.#pass;
  }

  /** Ends a running pass after its current slice; later runs do nothing. */
  stop(): Promise<StoreStats | undefined> {
    this.#stopped = true;
    return this.#pass ?? Promise.resolve(undefined);
  }

  async #slices(nowUs: number): Promise<StoreStats> {
    let flows = 0;
    let spans = 0;
    while (!this.#stopped) {
      let removed: StoreStats;
      try {
        removed = await this.#store.prune(this.#retention, nowUs, this.#sliceFlows);
      } catch {
        this.errors++;
        break;
      }
      flows += removed.flows;
      spans += removed.spans;
      if (removed.flows < this.#sliceFlows) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { flows, spans };
  }
}
