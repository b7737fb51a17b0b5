/**
 * Retention through the store's writer thread (SlicedPruner's counterpart when the store is
 * written there: its span count, which `maxSpans` needs, lives on that connection). A pass asks
 * for at most `sliceFlows` flows at a time, so ingest writes queued meanwhile are committed
 * between slices instead of waiting for the whole pass.
 */
import type { Retention, StoreStats } from '../../store/contracts.js';
import { DEFAULT_PRUNE_SLICE_FLOWS } from '../../store/sliced-pruner.js';
import type { StoreThread } from './store-thread.js';

export class ThreadPruner {
  readonly #writer: Pick<StoreThread, 'prune'>;
  readonly #retention: Retention;
  readonly #sliceFlows: number;
  #pass: Promise<StoreStats> | undefined;
  #stopped = false;
  /** Passes that ended on an error from the store. */
  errors = 0;

  constructor(writer: Pick<StoreThread, 'prune'>, retention: Retention, sliceFlows = DEFAULT_PRUNE_SLICE_FLOWS) {
    this.#writer = writer;
    this.#retention = retention;
    this.#sliceFlows = sliceFlows;
  }

  /** Starts a pass unless one is running (then returns that one); resolves with what it removed, never rejects. */
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
        removed = await this.#writer.prune(this.#retention, nowUs, this.#sliceFlows);
      } catch {
        this.errors++;
        break;
      }
      flows += removed.flows;
      spans += removed.spans;
      if (removed.flows < this.#sliceFlows) break;
    }
    return { flows, spans };
  }
}
