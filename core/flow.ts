/**
 * What the analyzer rebuilds from spans: a flow (one OpenStack user request and everything it
 * caused), its call graph and its numbered hop sequence. Alerts, the query API, the CLI and the web
 * view all read these shapes; only the analyzer builds them.
 */

/** How one component reached another. */
export type HopKind = 'http' | 'rpc_call' | 'rpc_cast' | 'rpc_fanout' | 'db';

export type FlowStatus = 'in_progress' | 'complete' | 'failed';

/** One observed interaction, in the order a person would number it when drawing the flow. */
export interface Hop {
  /** 1-based position in the flow, by start time of the caller's span. */
  readonly seq: number;
  /** Caller component (`client`, `nova-api`, …). */
  readonly from: string;
  /** Callee component (`nova-conductor`, `database`, …). */
  readonly to: string;
  readonly kind: HopKind;
  /** HTTP `METHOD route` or RPC method name or db `OPERATION table`. */
  readonly operation: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly error: boolean;
  /** The caller's and, when seen, the callee's span ids. */
  readonly spanIds: readonly string[];
  /** The callee's local request id, when the hop revealed one. */
  readonly calleeRequestId?: string;
  /** true when the hop was inferred (from logs), not observed as a span pair. */
  readonly inferred?: boolean;
}

/** Hops with the same (from, to, kind, operation), aggregated. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: HopKind;
  readonly operation: string;
  readonly count: number;
  /** seq of the first hop on this edge. */
  readonly firstSeq: number;
  readonly totalDurationUs: number;
  readonly maxDurationUs: number;
  readonly errors: number;
  readonly inferred?: boolean;
}

export interface CallGraph {
  /** Components, in order of first appearance. */
  readonly nodes: readonly string[];
  /** Edges, in order of firstSeq. */
  readonly edges: readonly Edge[];
}

/**
 * A relation between two flows that must not be merged: an asynchronous follow-up with its own
 * request id (neutron's external events for a booting server), joined by a resource id, by the
 * trace context the follow-up was sent in, or by an OpenTelemetry span link.
 */
export interface FlowLink {
  /** The other flow's id. */
  readonly flowId: string;
  /** `external_event` (one flow is neutron's external event for the other), or `link` (a span link joins them). */
  readonly relation: string;
  /** The resource that joins the two flows, when known. */
  readonly instanceUuid?: string;
}

export interface Flow {
  /** The flow key: the global request id, else the first API service's local request id. */
  readonly id: string;
  /** `boot`, `shelve`, … or `unknown`. */
  readonly operation: string;
  /** Every request id that belongs to this flow, the id included. */
  readonly aliases: readonly string[];
  readonly traceIds: readonly string[];
  readonly status: FlowStatus;
  readonly startUs: number;
  readonly endUs: number;
  readonly spanCount: number;
  readonly graph: CallGraph;
  readonly hops: readonly Hop[];
  /** seq numbers of the hops on the critical path, in order. */
  readonly criticalPath: readonly number[];
  /** Repairs made and problems found while rebuilding, e.g. an orphan span attached to the root. */
  readonly warnings: readonly string[];
  /** Microseconds since the epoch when the flow last changed. */
  readonly updatedUs: number;
  /** Asynchronous flows joined to this one by a resource id (links, not merges); absent = none. */
  readonly links?: readonly FlowLink[];
}
