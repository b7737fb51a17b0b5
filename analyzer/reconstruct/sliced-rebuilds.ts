/**
 * Rebuilds of flows still receiving spans, a slice at a time: queued flows are rebuilt for about
 * `sliceMs` (at least one per slice), and the rest after the event loop has run (setImmediate),
 * so hundreds of busy flows do not hold the loop at once.
 */
import type { PendingFlow } from './pending-flow.js';

export interface SlicedRebuildsOptions {
  /** How long one slice may hold the event loop, in ms. */
  readonly sliceMs: number;
  /** Rebuilds the flow and announces it, unless it left or is clean meanwhile. */
  readonly rebuild: (flow: PendingFlow) => void;
  /** true once the assembler is closed: queued rebuilds stop. */
  readonly closed: () => boolean;
}

export class SlicedRebuilds {
  readonly #options: SlicedRebuildsOptions;
  readonly #queued = new Set<PendingFlow>();
  #scheduled = false;

  constructor(options: SlicedRebuildsOptions) {
    this.#options = options;
  }

  queue(flow: PendingFlow): void {
    this.#queued.add(flow);
  }

  clear(): void {
    this.#queued.clear();
  }

  /** Rebuilds queued flows for about a slice, and schedules the rest. */
  run(): void {
    const started = performance.now();
    for (const flow of this.#queued) {
      this.#queued.delete(flow);
      this.#options.rebuild(flow);
      if (performance.now() - started >= this.#options.sliceMs) break;
    }
    if (this.#queued.size === 0 || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#options.closed()) this.run();
    });
  }
}
