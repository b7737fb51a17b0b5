/**
 * The assembler's write side, as the assembler sees it (SpanWrites), and the bookkeeping both of
 * its implementations share (PlacedSpans): the flows holding spans not yet written, the merges
 * queued for the next transaction, the callers waiting for parked spans, and the count of spans
 * placed and not yet committed.
 */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowMerge } from '../store/contracts.js';
import type { PendingFlow } from './pending-flow.js';
import { WriteBudget } from './write-budget.js';
import type { WriteBudgetOptions } from './write-budget.js';

/**
 * The assembler's write side. FlowWrites writes a store synchronously (each transaction holds the
 * event loop, so they are sized by `budget`); ThreadedFlowWrites (threaded-writes.ts) posts them to
 * the store's writer thread and learns of each commit later.
 */
export interface SpanWrites {
  /** Spans placed in flows and not yet committed. */
  readonly buffered: number;
  /** Sizes the assembler's completion slices (time the event loop is held, writes included). */
  readonly budget: WriteBudget;
  /** A span was added to the flow's `unflushed` list. */
  placed(flow: PendingFlow): void;
  /** Flow `from` was absorbed by `into` (its unflushed spans too); the store learns it before the next spans. */
  merged(merge: FlowMerge, into: PendingFlow): void;
  /** true when a caller waits for parked spans or `intervalMs` passed since the last full flush. */
  flushDue(now: number, intervalMs: number): boolean;
  /** Resolves once each span of `batch` (placed or parked) is committed; rejects when a write of it was refused. */
  durable(batch: readonly Span[]): Promise<void>;
  /** Writes every unflushed span now (a synchronous store throws its refusal; a thread reports it to `onError`). */
  flush(): void;
  /**
   * Writes the flows' unflushed spans and their records in one transaction; `stored` runs once it
   * is committed, `failed` when it was refused (the spans are back in their flows, never thrown).
   */
  complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void;
  /** The last write: every flow's unflushed spans and the records; waiters settle with it. */
  close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void>;
}

/** What both write sides are given besides their store. */
export interface SpanWritesOptions {
  /** The flow that now holds `flow`'s spans (itself, or the flow it was merged into since). */
  readonly holderOf: (flow: PendingFlow) => PendingFlow;
  /** true while this span waits for its parent (not in any flow yet, so not writable). */
  readonly isParked: (span: Span) => boolean;
  /** Wall clock in ms. */
  readonly now: () => number;
  readonly budget?: WriteBudgetOptions;
}

/** A caller of `durable` waiting for its parked spans to be released and written. */
export interface Waiter {
  /** Its spans still parked (FlowWrites narrows them as they are written). */
  spans: readonly Span[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * What FlowWrites and ThreadedFlowWrites keep alike. Invariant: `buffered` counts spans placed
 * in flows and not yet committed; a subclass lowers it when a write of them commits.
 */
export abstract class PlacedSpans implements SpanWrites {
  readonly budget: WriteBudget;
  /** Merges to write first in the next transaction. */
  protected merges: FlowMerge[] = [];
  /** Flows that may hold unflushed spans, longest waiting first (a flow merged away since is skipped: its holder has them). */
  protected holding = new Set<PendingFlow>();
  /** Batches whose `durable` promise waits for parked spans to be released and written. */
  protected waiters: Waiter[] = [];
  /** Spans placed and not yet committed (`buffered`). */
  protected uncommitted = 0;
  protected lastFlushMs: number;

  constructor(options: SpanWritesOptions) {
    this.budget = new WriteBudget(options.budget);
    this.lastFlushMs = options.now();
  }

  get buffered(): number {
    return this.uncommitted;
  }

  placed(flow: PendingFlow): void {
    this.uncommitted++;
    this.holding.add(flow);
  }

  merged(merge: FlowMerge, into: PendingFlow): void {
    this.merges.push(merge);
    this.holding.add(into);
  }

  flushDue(now: number, intervalMs: number): boolean {
    return this.waiters.length > 0 || now - this.lastFlushMs >= intervalMs;
  }

  abstract durable(batch: readonly Span[]): Promise<void>;
  abstract flush(): void;
  abstract complete(flows: readonly PendingFlow[], records: readonly Flow[], stored: () => void, failed: (error: unknown) => void): void;
  abstract close(flows: readonly PendingFlow[], records: readonly Flow[]): Promise<void>;
}
