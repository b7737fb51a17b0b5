/** How a FlowAssembler (assembler.ts) is set up: its store, its timings and its limits. */
import type { FlowStore } from '../store/contracts.js';
import type { Endpoints } from './peer.js';
import type { AsyncFlowWriter } from './writer/store-thread.js';
import type { WriteBudgetOptions } from './write-budget.js';

export interface AssemblerOptions {
  /** Where flows are read from, and written to unless `writer` is given. */
  readonly store: FlowStore;
  /**
   * Writes go here instead of `store.write`, answered once committed (the store's writer thread:
   * writer/store-thread.ts); `store` must then see each commit as soon as it is answered.
   */
  readonly writer?: AsyncFlowWriter;
  readonly endpoints: Endpoints;
  readonly quietPeriodMs: number;
  readonly settleMs: number;
  /** A flow receiving spans is rebuilt at most this often (and always once it has been quiet for settleMs). */
  readonly rebuildIntervalMs: number;
  readonly flushIntervalMs: number;
  readonly maxInFlightFlows: number;
  readonly maxBufferedSpans: number;
  /** How long one write transaction may hold the event loop. @default { targetMs: 2, unreadTargetMs: 10 }, readers always present */
  readonly writeBudget?: WriteBudgetOptions;
  /** How long one slice of rebuilds (of flows still receiving spans, or for a search) may hold the event loop, in ms (at least one flow per slice). @default 2 */
  readonly rebuildSliceMs?: number;
  /** Wall clock in ms; injectable for tests. */
  readonly now?: () => number;
}
