/**
 * Completing flows: a due flow is written to the store (its last spans and its record, in one
 * transaction) and, once stored, leaves memory and is announced `completed`, unless spans arrived
 * meanwhile (it then stays in flight and completes again later). A synchronous store holds the
 * event loop, so due flows complete about a write budget's worth at a time (write-budget.ts),
 * with the loop free in between (setImmediate).
 */
import type { Flow } from '../../core/flow.js';
import type { SpanWrites } from './span-writes.js';
import { NextSlice } from './next-slice.js';
import type { InFlightFlows } from './in-flight-flows.js';
import type { PendingFlow } from './pending-flow.js';
import { FLOW_RECORD_UNITS } from './write-budget.js';

/** What completion needs of the assembler. */
export interface CompletionHost {
  /** The in-flight flows by id (a queued flow no longer here, or replaced, was merged away). */
  readonly pending: Pick<InFlightFlows, 'get' | 'quietestFirst'>;
  readonly writes: SpanWrites;
  /** The flow's final version, marked complete (rebuilt only when spans arrived since its last build). */
  completed(flow: PendingFlow): Flow;
  /** The flow's record to write: its last build, marked saved. */
  saved(flow: PendingFlow): Flow;
  /** The flow is stored and unchanged since: forget it and announce `built` as completed. */
  finished(flow: PendingFlow, built: Flow): void;
  /** A completion write was refused (its flows stay in flight, their spans put back). */
  failed(): void;
  /** true once the assembler is closed: queued completions stop. */
  closed(): boolean;
}

export class FlowCompletions {
  readonly #host: CompletionHost;
  /** Due flows not yet completed (completion goes a budget's worth at a time). */
  readonly #queued = new Set<PendingFlow>();
  readonly #next: NextSlice;
  #writing = 0;

  constructor(host: CompletionHost) {
    this.#host = host;
    this.#next = new NextSlice(() => this.run(), host.closed);
  }

  /** Flows whose completion is being written (`completing`): still in flight until stored. */
  get writing(): number {
    return this.#writing;
  }

  queue(flows: Iterable<PendingFlow>): void {
    for (const flow of flows) this.#queued.add(flow);
  }

  clear(): void {
    this.#queued.clear();
  }

  /** Completes queued flows, about a budget's worth now and the rest after the loop ran; a refused write is counted (its flows are retried next tick). */
  run(): void {
    try {
      this.#completeSome();
    } catch {
      this.#host.failed();
    }
  }

  /**
   * Completes the `count` flows quiet the longest (not already completing) in one write, however
   * large the write budget: they are over the in-flight limit now. A refused write is counted.
   */
  completeQuietest(count: number): void {
    const quietest: PendingFlow[] = [];
    for (const flow of this.#host.pending.quietestFirst()) {
      if (quietest.length === count) break;
      if (!flow.completing) quietest.push(flow);
    }
    if (quietest.length === 0) return;
    try {
      this.#complete(quietest);
    } catch {
      this.#host.failed();
    }
  }

  /**
   * Completes queued due flows, about a budget's worth now, and schedules the rest after the
   * event loop has run. A queued flow merged into another meanwhile is skipped (the other one
   * carries its spans); write errors are counted (the flows' records are lost, not their
   * durable spans: a late span or a restart rebuilds them).
   */
  #completeSome(): void {
    const { writes, pending } = this.#host;
    const budget = writes.budget.units;
    const chunk: PendingFlow[] = [];
    let units = 0;
    for (const flow of this.#queued) {
      if (units >= budget) break;
      this.#queued.delete(flow);
      if (pending.get(flow.id) !== flow || flow.completing) continue;
      chunk.push(flow);
      units += flow.unflushed.length + FLOW_RECORD_UNITS;
    }
    if (chunk.length > 0) {
      const started = performance.now();
      this.#complete(chunk);
      writes.budget.record(units, performance.now() - started);
    }
    if (this.#queued.size > 0) this.#next.schedule();
  }

  /**
   * Writes the flows' records and last spans; once stored, each flow unchanged since is finished.
   * When the store refuses, they stay in flight (spans put back) and the error is counted.
   */
  #complete(flows: readonly PendingFlow[]): void {
    const host = this.#host;
    const finished = flows.map((flow) => ({ flow, built: host.completed(flow), changes: flow.changes }));
    for (const flow of flows) flow.completing = true;
    this.#writing += flows.length;
    const settle = (): void => {
      for (const flow of flows) flow.completing = false;
      this.#writing -= flows.length;
    };
    const stored = (): void => {
      settle();
      for (const { flow, built, changes } of finished) {
        if (host.pending.get(flow.id) !== flow || flow.changes !== changes || flow.unflushed.length > 0) continue;
        host.finished(flow, built);
      }
    };
    const failed = (): void => {
      settle();
      host.failed();
    };
    host.writes.complete(flows, finished.map(({ flow }) => host.saved(flow)), stored, failed);
  }
}
