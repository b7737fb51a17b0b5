/**
 * Infers the RPC hops between the services that logged under one request id (inside nova every
 * service logs the API request's id, openstack.md §1.4). Walking the records in time order:
 *
 * - a record saying it received an RPC message is a hop into its service, with that method;
 * - the first record of a service not seen before is a hop into it;
 * - a switch from service A to an already-seen service B is a hop A → B the first time that pair
 *   switches, when the topology has such an edge (compute ⇒ conductor object calls, compute ⇒
 *   scheduler fanouts) and A is not simply replying to a call B made.
 *
 * The caller is the most recently active other service the topology allows to call the callee
 * (the method's callers, else any service with an edge to it), else the most recently active.
 */
import type { LogEvent } from './group.js';
import { hasRpcEdge, inferRpc, rpcMethod } from './topology.js';
import type { RpcKind } from './topology.js';

export interface RpcHopPlan {
  readonly caller: LogEvent;
  /**
   * When the message was sent, as far as the logs tell: the last record of the request before the
   * callee's entry (at or after the caller's own last record).
   */
  readonly sentUs: number;
  /** The callee's first record of this hop. */
  readonly entry: LogEvent;
  /** When the callee started: the entry record's time, never before the send. */
  readonly startUs: number;
  /** '' when neither the logs nor the topology name it. */
  readonly method: string;
  readonly kind: RpcKind;
  /** true when the entry record itself names the RPC message (only the caller is inferred). */
  readonly logged: boolean;
  /** The callee's last record before its next hop (or the end of the request). */
  readonly endUs: number;
}

/**
 * When a record's service was at work: an access line is printed when the response is done, so
 * the request it records began `time:` earlier (a callee may log before the API's access line).
 */
function activeFrom(e: LogEvent): number {
  return e.facts.access === undefined ? e.record.timeUs : e.record.timeUs - e.facts.access.durationUs;
}

/** Plans the hops of one request id's records (all with that id; any order). */
export function planRpcHops(records: readonly LogEvent[], operation: string): RpcHopPlan[] {
  const events = [...records].sort((a, b) => activeFrom(a) - activeFrom(b) || a.seq - b.seq);
  const lastSeen = new Map<string, LogEvent>();
  const switched = new Set<string>();
  /** Services serving a call, to the caller they reply to: switching back is the reply, not a hop. */
  const replyTo = new Map<string, string>();
  const plans: (Omit<RpcHopPlan, 'endUs'> & { endUs: number })[] = [];
  /** The hop each service is currently working on: its records extend that hop's end. */
  const open = new Map<string, { endUs: number }>();
  let prev: LogEvent | undefined;
  let lastSentUs = 0;
  for (const e of events) {
    const to = e.service;
    const rpc = e.facts.rpc;
    let caller: LogEvent | undefined;
    if (rpc !== undefined) caller = chooseCaller(lastSeen, to, rpc.method);
    else if (!lastSeen.has(to)) caller = e.facts.access === undefined ? chooseCaller(lastSeen, to, undefined) : undefined;
    else if (prev !== undefined && prev.service !== to && replyTo.get(prev.service) !== to && !switched.has(`${prev.service}>${to}`) && hasRpcEdge(prev.service, to)) caller = prev;
    if (caller !== undefined) {
      switched.add(`${caller.service}>${to}`);
      const inferred = inferRpc(caller.service, to, operation);
      const method = rpc?.method ?? inferred.method;
      const kind = rpc?.kind ?? (rpc === undefined ? inferred.kind : (rpcMethod(to, method)?.kind ?? 'cast'));
      // Logs print milliseconds: hops within one millisecond are kept in record order by
      // advancing each send at least a microsecond past the previous one.
      const sentUs = Math.max(activeFrom(caller), prev === undefined ? 0 : activeFrom(prev), lastSentUs + 1);
      lastSentUs = sentUs;
      const startUs = Math.max(e.record.timeUs, sentUs);
      const plan = { caller, sentUs, entry: e, startUs, method, kind, logged: rpc !== undefined, endUs: startUs };
      plans.push(plan);
      open.set(to, plan);
      if (kind === 'call') replyTo.set(to, caller.service);
    }
    const current = open.get(to);
    if (current !== undefined) current.endUs = Math.max(current.endUs, e.record.timeUs);
    lastSeen.set(to, e);
    prev = e;
  }
  return plans;
}

function chooseCaller(lastSeen: ReadonlyMap<string, LogEvent>, to: string, method: string | undefined): LogEvent | undefined {
  const candidates = [...lastSeen.values()].filter((c) => c.service !== to).sort((a, b) => b.record.timeUs - a.record.timeUs || b.seq - a.seq);
  const known = method === undefined ? undefined : rpcMethod(to, method);
  const allowed = known !== undefined ? candidates.find((c) => known.from.includes(c.service)) : candidates.find((c) => hasRpcEdge(c.service, to));
  return allowed ?? candidates[0];
}
