/**
 * Rebuilds of flows still receiving spans, a slice at a time: queued flows are rebuilt for about
 * `sliceMs` (at least one per slice), and the rest after the event loop has run (setImmediate),
 * so hundreds of busy flows do not hold the loop at once.
 */
import { NextSlice } from './next-slice.js';
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
  readonly #next: NextSlice;

  constructor(options: SlicedRebuildsOptions) {
    this.#options = options;
    this.#next = new NextSlice(() => this.run(), options.closed);
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
    if (this.#queued.size > 0) this.#next.schedule();
  }
}
