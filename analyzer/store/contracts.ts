/**
 * The analyzer's storage boundary (Jaeger's tracestore reader/writer is the model). Backends are
 * embedded and synchronous: every call has finished its work when it returns, so the query API can
 * answer from one lookup without awaiting I/O. One conformance suite (conformance.ts) pins these
 * contracts for every backend.
 *
 * Ownership: values returned by a reader are read-only snapshots; the store never changes them
 * after returning them and callers must not mutate them. Values passed to a writer may be kept by
 * reference (they are immutable by the Span and Flow contracts).
 */
import type { Span } from '../../core/span.js';
import type { Flow, HopKind } from '../../core/flow.js';

/** The spans of one flow, written together (in one transaction, next to each other on disk). */
export interface FlowSpans {
  readonly flowId: string;
  readonly spans: readonly Span[];
}

/** Flow `from` was found to be part of flow `into`: everything stored under `from` moves. */
export interface FlowMerge {
  readonly from: string;
  readonly into: string;
}

export interface WriteBatch {
  /** Applied first. */
  readonly merges?: readonly FlowMerge[];
  /** Idempotent on (traceId, spanId): a span already stored is ignored, whatever its flow. */
  readonly spans?: readonly FlowSpans[];
  /**
   * Upserts by flow id; every alias then resolves to the flow, and so does its first trace id
   * (its Jaeger trace id). Its other trace ids resolve to it unless another flow claimed them.
   */
  readonly flows?: readonly Flow[];
}

export interface FlowQuery {
  readonly operation?: string;
  /** A component the flow's graph touches (as caller or callee). */
  readonly service?: string;
  readonly status?: Flow['status'];
  /** Flows that started at or after this time (µs since the epoch). */
  readonly sinceUs?: number;
  /** Flows that started before this time (µs since the epoch). */
  readonly untilUs?: number;
  /** At most this many flows, newest first. */
  readonly limit: number;
}

/** One aggregated edge of the component graph over many flows. */
export interface DependencyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: HopKind;
  readonly callCount: number;
  readonly errorCount: number;
}

export interface OperationInfo {
  readonly service: string;
  readonly name: string;
  /** Jaeger's span kind word: `server`, `client`, `producer`, `consumer`, `internal` or ''. */
  readonly spanKind: string;
}

export interface StoreStats {
  readonly flows: number;
  readonly spans: number;
}

export interface FlowReader {
  /** The flow whose id or alias (any request id of it) is `requestId`; undefined when unknown. */
  getFlow(requestId: string): Flow | undefined;
  /** getFlow as JSON text, for answers that only forward it (no parse, no re-serialisation). */
  getFlowJson(requestId: string): string | undefined;
  /** The id of the flow that owns a request id; undefined when unknown. */
  flowIdOf(requestId: string): string | undefined;
  /** The id of the flow whose Jaeger trace id this is, else the first flow that held spans of it; undefined when unknown. */
  flowIdOfTrace(traceId: string): string | undefined;
  /** The stored spans of a flow, by start time; [] for an unknown flow. */
  getSpans(flowId: string): Span[];
  /** Flows matching every given filter, newest start first; [] when none. */
  searchFlows(query: FlowQuery): Flow[];
  /** Flows sharing an instance uuid, newest first. */
  flowsOfInstance(instanceUuid: string, limit: number): Flow[];
  /** Every service that emitted a stored span, sorted. */
  services(): string[];
  /** Span names per service and kind, sorted; every service when `service` is undefined. */
  operations(service?: string): OperationInfo[];
  /** Edges of flows that started in [sinceUs, untilUs), aggregated by (from, to, kind). */
  dependencies(sinceUs: number, untilUs: number): DependencyEdge[];
  stats(): StoreStats;
}

/** What retention removes: zero or undefined disables a rule. */
export interface Retention {
  /** Flows that ended longer ago than this are deleted with their spans (ms). */
  readonly maxAgeMs?: number;
  /** When more spans are stored, the oldest flows are deleted until at most this many remain. */
  readonly maxSpans?: number;
}

export interface FlowWriter {
  /**
   * Applies a batch atomically: all of it or (on a thrown error) none of it. Durable when it
   * returns: the SQLite backend has committed the transaction to its WAL (synchronous=NORMAL:
   * survives a process crash; a power loss may lose the last transactions).
   */
  write(batch: WriteBatch): void;
  /**
   * Applies retention; returns what it removed. With `maxFlows`, removes at most that many flows
   * (oldest first by the rule that picks them) and returns; a caller that wants everything gone
   * without one long pause calls again while `flows === maxFlows`. Without it, removes all at once.
   */
  prune(retention: Retention, nowUs: number, maxFlows?: number): StoreStats;
  /** Releases the backend; safe to call twice. Reads and writes after close throw. */
  close(): void;
}

export interface FlowStore extends FlowReader, FlowWriter {}
