/**
 * Hand-built flows for alert tests: each hop written as `from kind to operation`, the way
 * openstack.md §4.8 reads (`nova-api rpc_cast nova-compute build_and_run_instance`).
 */
import type { CallGraph, Edge, Flow, FlowStatus, Hop, HopKind } from '../../../core/flow.js';

export interface FlowOptions {
  readonly id?: string;
  readonly status?: FlowStatus;
  readonly traceIds?: readonly string[];
  /** seq numbers of hops that failed. */
  readonly errors?: readonly number[];
  readonly startUs?: number;
}

let counter = 0;

/** Parses `from kind to operation…` into a hop numbered `seq`. */
export function hop(line: string, seq: number, startUs = 1_700_000_000_000_000): Hop {
  const [from, kind, to, ...op] = line.trim().split(/\s+/);
  if (!from || !kind || !to || op.length === 0) throw new Error(`hop needs "from kind to operation": ${line}`);
  const n = (seq * 2).toString(16).padStart(16, '0');
  return {
    seq, from, to, kind: kind as HopKind, operation: op.join(' '),
    startUs: startUs + seq * 1000, durationUs: 500, error: false,
    spanIds: [n, ((seq * 2) + 1).toString(16).padStart(16, '0')],
  };
}

export function makeFlow(operation: string, lines: readonly string[], options: FlowOptions = {}): Flow {
  const startUs = options.startUs ?? 1_700_000_000_000_000;
  const errors = new Set(options.errors ?? []);
  const hops = lines.map((l, i) => ({ ...hop(l, i + 1, startUs), error: errors.has(i + 1) }));
  const id = options.id ?? `req-${(++counter).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  return {
    id, operation, aliases: [id], traceIds: options.traceIds ?? ['0af7651916cd43dd8448eb211c80319c'],
    status: options.status ?? 'complete', startUs, endUs: startUs + (hops.length + 1) * 1000,
    spanCount: hops.length * 2, graph: graphOf(hops), hops, criticalPath: [], warnings: [], updatedUs: startUs,
  };
}

/** Aggregates hops into the call graph the analyzer would build. */
export function graphOf(hops: readonly Hop[]): CallGraph {
  const nodes: string[] = [];
  const edges = new Map<string, Edge>();
  for (const h of hops) {
    for (const n of [h.from, h.to]) if (!nodes.includes(n)) nodes.push(n);
    const key = `${h.from}>${h.to}:${h.kind}:${h.operation}`;
    const e = edges.get(key);
    edges.set(key, e
      ? { ...e, count: e.count + 1, totalDurationUs: e.totalDurationUs + h.durationUs, maxDurationUs: Math.max(e.maxDurationUs, h.durationUs), errors: e.errors + (h.error ? 1 : 0) }
      : { from: h.from, to: h.to, kind: h.kind, operation: h.operation, count: 1, firstSeq: h.seq, totalDurationUs: h.durationUs, maxDurationUs: h.durationUs, errors: h.error ? 1 : 0 });
  }
  return { nodes, edges: [...edges.values()] };
}
