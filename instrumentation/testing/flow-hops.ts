import { Attr } from '../../core/attributes.js';
import type { ReceivedSpan } from './otlp-json.js';

/**
 * Checks flows captured by the OTLP test receiver: which spans belong to a flow, and whether an
 * expected hop shows up as a correctly-kinded span pair whose request ids agree. Returns
 * problems as text instead of asserting, so a test can poll until the (asynchronous) flow is
 * complete and then show everything that is still missing at once.
 */
export type Via = 'http' | 'call' | 'cast' | 'fanout';

export interface ExpectedHop {
  readonly from: string;
  readonly to: string;
  readonly via: Via;
  /** The caller span's name: `GET /v2/images/{image_id}`, `compute/build_and_run_instance`. */
  readonly name: string;
}

export interface HopPair {
  readonly caller: ReceivedSpan;
  readonly callee: ReceivedSpan;
}

/** OTLP span kinds of (caller, callee) per way of calling. */
const KINDS: Readonly<Record<Via, readonly [number, number]>> = { http: [3, 2], call: [3, 2], cast: [4, 5], fanout: [4, 5] };

/** Spans of the flow keyed by `flowId`: the id is their local or their global request id. */
export function flowSpans(spans: readonly ReceivedSpan[], flowId: string): ReceivedSpan[] {
  return spans.filter((s) => s.attributes[Attr.requestId] === flowId || s.attributes[Attr.globalRequestId] === flowId);
}

/** `describe(hop)`: one line naming a hop in failure messages. */
export function describeHop(hop: ExpectedHop): string {
  return `${hop.from} ─${hop.via}→ ${hop.to} ${hop.name}`;
}

/**
 * Every pair for `hop` in `spans` (the whole capture, not only the flow: a REST callee carries its
 * own local id), checked against `flowId`; problems are appended to `problems`.
 * - caller: kind CLIENT or PRODUCER, in `from`, named `name`, local request id = flowId;
 * - callee: kind SERVER or CONSUMER, in `to`, a direct child of the caller (same trace);
 *   over RPC its local request id is flowId (nova keeps one context); over REST its global id is
 *   flowId and its local id is what the caller recorded as `openstack.callee_request_id`.
 * A fanout must also carry `openstack.rpc.fanout` on both halves.
 */
export function findHop(spans: readonly ReceivedSpan[], flowId: string, hop: ExpectedHop, problems: string[]): HopPair[] {
  const [callerKind, calleeKind] = KINDS[hop.via];
  const callers = spans.filter((s) => s.service === hop.from && s.kind === callerKind && s.name === hop.name && s.attributes[Attr.requestId] === flowId);
  if (callers.length === 0) {
    problems.push(`${describeHop(hop)}: no caller span`);
    return [];
  }
  const pairs: HopPair[] = [];
  for (const caller of callers) {
    const callee = spans.find((s) => s.parentSpanId === caller.spanId && s.traceId === caller.traceId);
    if (callee === undefined) {
      problems.push(`${describeHop(hop)}: caller span ${caller.spanId} has no callee child`);
      continue;
    }
    const wrong = calleeProblems(caller, callee, hop, calleeKind, flowId);
    problems.push(...wrong.map((p) => `${describeHop(hop)}: ${p}`));
    if (wrong.length === 0) pairs.push({ caller, callee });
  }
  return pairs;
}

function calleeProblems(caller: ReceivedSpan, callee: ReceivedSpan, hop: ExpectedHop, kind: number, flowId: string): string[] {
  const problems: string[] = [];
  if (callee.service !== hop.to) problems.push(`callee is in ${callee.service}`);
  if (callee.kind !== kind) problems.push(`callee kind ${callee.kind}, expected ${kind}`);
  if (hop.via === 'http') {
    if (callee.attributes[Attr.globalRequestId] !== flowId) problems.push(`callee global request id ${String(callee.attributes[Attr.globalRequestId])}`);
    if (caller.attributes[Attr.calleeRequestId] !== callee.attributes[Attr.requestId]) problems.push('caller did not record the callee request id');
  } else if (callee.attributes[Attr.requestId] !== flowId) {
    problems.push(`callee request id ${String(callee.attributes[Attr.requestId])}`);
  }
  if (hop.via === 'fanout' && (caller.attributes[Attr.rpcFanout] !== true || callee.attributes[Attr.rpcFanout] !== true)) problems.push('not marked as fanout');
  return problems;
}

/** Problems with `hops` in the capture; empty when every hop is present and consistent. */
export function missingHops(spans: readonly ReceivedSpan[], flowId: string, hops: readonly ExpectedHop[]): string[] {
  const problems: string[] = [];
  for (const hop of hops) findHop(spans, flowId, hop, problems);
  return problems;
}
