/**
 * Turns one log-built flow into spans of the model the traced path uses (core/span.ts), so the
 * analyzer rebuilds it exactly as it rebuilds traced flows:
 *
 * - each record becomes an INTERNAL span (start = end = its time), except records that are one
 *   half of a hop: access lines (SERVER), "used request id" lines (CLIENT), RPC receive lines
 *   (CONSUMER or SERVER);
 * - each inferred hop becomes a caller/callee span pair (rest-drafts.ts, rpc-drafts.ts);
 * - every other span nests under its service's entry span (the callee half covering its time);
 * - the flow's root span links to the last state-changing user request on the same instance
 *   (asynchronous work is related, never merged).
 *
 * Ids are deterministic: the trace id hashes the flow key; a record's span id hashes its request
 * id, its first line and how many identical lines came before it in the flow, so re-ingesting the
 * same logs (even a rotated copy) produces the same spans.
 */
import { Attr } from '../../core/attributes.js';
import { SpanKind } from '../../core/span.js';
import type { Span, SpanLink } from '../../core/span.js';
import type { Draft } from './draft.js';
import { ResourceCache, freeze, recordAttributes } from './draft.js';
import type { LogEvent, LogFlow } from './group.js';
import { spanIdFor, traceIdFor } from './ids.js';
import { flowOperation } from './operation.js';
import { clientDraft, serverDraft, synthesizedClient } from './rest-drafts.js';
import { callerDraft, calleeDraft } from './rpc-drafts.js';
import { planRpcHops } from './rpc-hops.js';

/** A flow's spans plus the facts a summary needs. */
export interface BuiltFlow {
  readonly key: string;
  readonly operation: string;
  readonly spans: readonly Span[];
}

interface LinkTarget {
  readonly traceId: string;
  readonly spanId: string;
  readonly flowKey: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Instances remembered for links; the oldest are forgotten beyond this many. */
const MAX_LINK_TARGETS = 100_000;

export class LogSpanBuilder {
  readonly #resources = new ResourceCache();
  readonly #linkTargets = new Map<string, LinkTarget>();

  build(flow: LogFlow): BuiltFlow {
    const traceId = traceIdFor(flow.key);
    const ids = new EventIds();
    const drafts: Draft[] = [];
    const byEvent = new Map<LogEvent, Draft>();
    const clients = new Map<string, Draft>();
    for (const e of flow.events) {
      if (e.facts.access !== undefined) byEvent.set(e, serverDraft(e, ids.of(e)));
      else if (e.facts.callee !== undefined) {
        const client = clientDraft(e, ids.of(e));
        byEvent.set(e, client);
        clients.set(e.facts.callee.calleeRequestId, client);
      }
    }
    const root = rootEvent(flow, byEvent);
    const operation = flowOperation(flow.events, root);

    for (const plan of this.#rpcPlans(flow, operation)) {
      const calleeId = plan.logged ? ids.of(plan.entry) : spanIdFor(`${ids.of(plan.entry)}/entry`);
      const callee = calleeDraft(plan, calleeId);
      const caller = callerDraft(plan, callee, spanIdFor(`${calleeId}/caller`));
      callee.parentSpanId = caller.spanId;
      if (plan.logged) byEvent.set(plan.entry, callee);
      drafts.push(caller, callee);
    }
    const added = new Set(drafts);
    for (const e of flow.events) {
      const draft = byEvent.get(e) ?? internalDraft(e, ids.of(e));
      if (!added.has(draft)) {
        added.add(draft);
        drafts.push(draft);
      }
      if (draft.kind === SpanKind.SERVER && e.facts.access !== undefined) pairServer(draft, flow, clients, drafts);
    }
    const rootDraft = (root === undefined ? undefined : byEvent.get(root)) ?? drafts.find((d) => d.entry && d.parentSpanId === '') ?? earliest(drafts);
    if (operation !== '' && rootDraft.kind === SpanKind.SERVER) rootDraft.attributes[Attr.operation] = operation;
    nestUnderEntries(drafts, rootDraft);
    this.#link(flow, traceId, rootDraft);
    const spans = drafts.map((d) => freeze(d, traceId, flow.key, this.#resources));
    return { key: flow.key, operation, spans };
  }

  *#rpcPlans(flow: LogFlow, operation: string): Iterable<ReturnType<typeof planRpcHops>[number]> {
    const byRequest = new Map<string, LogEvent[]>();
    for (const e of flow.events) {
      const id = e.record.context.requestId;
      if (id === undefined) continue; // placed by instance (orphans.ts): no part in hop inference
      (byRequest.get(id) ?? byRequest.set(id, []).get(id)!).push(e);
    }
    for (const events of byRequest.values()) yield* planRpcHops(events, operation);
  }

  /** Links the root to the previous state-changing flow on each instance this flow names. */
  #link(flow: LogFlow, traceId: string, root: Draft): void {
    const instances = new Set<string>();
    for (const e of flow.events) if (e.facts.instanceUuid !== undefined) instances.add(e.facts.instanceUuid);
    const method = root.attributes[Attr.httpMethod];
    // A user's state-changing request becomes the instance's link target; asynchronous follow-ups
    // (external events) link to it but never replace it.
    const external = flow.events.some((e) => e.facts.externalEvent !== undefined);
    const mutating = !external && root.kind === SpanKind.SERVER && typeof method === 'string' && MUTATING.has(method);
    for (const uuid of instances) {
      const target = this.#linkTargets.get(uuid);
      if (target !== undefined && target.flowKey !== flow.key) root.links.push(instanceLink(target, uuid));
      if (mutating) {
        this.#linkTargets.delete(uuid);
        this.#linkTargets.set(uuid, { traceId, spanId: root.spanId, flowKey: flow.key });
        if (this.#linkTargets.size > MAX_LINK_TARGETS) this.#linkTargets.delete(this.#linkTargets.keys().next().value!);
      }
    }
  }
}

/** Span ids for records: a hash of request id + first line, re-hashed with how many identical lines preceded it. */
class EventIds {
  readonly #ids = new Map<LogEvent, string>();
  readonly #seen = new Map<string, number>();

  of(e: LogEvent): string {
    let id = this.#ids.get(e);
    if (id === undefined) {
      const first = spanIdFor(`${e.record.context.requestId ?? ''}\n${e.record.raw}`);
      const n = this.#seen.get(first) ?? 0;
      this.#seen.set(first, n + 1);
      id = n === 0 ? first : spanIdFor(`${first}\n${n}`);
      this.#ids.set(e, id);
    }
    return id;
  }
}

function internalDraft(e: LogEvent, spanId: string): Draft {
  const t = e.record.timeUs;
  const error = e.record.level === 'ERROR' || e.record.level === 'CRITICAL';
  return { spanId, parentSpanId: '', name: e.record.logger, kind: SpanKind.INTERNAL, startUs: t, endUs: t, service: e.service, pid: e.record.pid, error, attributes: recordAttributes(e), links: [], entry: false, event: e };
}

/** The access line of the request that started the flow: the key's own, else the first. */
function rootEvent(flow: LogFlow, byEvent: ReadonlyMap<LogEvent, Draft>): LogEvent | undefined {
  const accesses = flow.events.filter((e) => e.facts.access !== undefined && byEvent.has(e));
  return accesses.find((e) => e.record.context.requestId === flow.key && e.record.context.globalRequestId === undefined) ?? accesses.find((e) => e.record.context.requestId === flow.key) ?? undefined;
}

/** Gives an access line's SERVER span its caller: the logged CLIENT, else a synthesized one. */
function pairServer(server: Draft, flow: LogFlow, clients: ReadonlyMap<string, Draft>, drafts: Draft[]): void {
  const context = server.event!.record.context;
  const client = context.requestId === undefined ? undefined : clients.get(context.requestId);
  if (client !== undefined) {
    server.parentSpanId = client.spanId;
    client.startUs = Math.min(client.startUs, server.startUs);
    return;
  }
  const global = context.globalRequestId;
  if (global === undefined || global === context.requestId) return;
  const owners = flow.events.filter((e) => e.record.context.requestId === global && e.service !== server.service);
  const caller = owners.filter((e) => e.record.timeUs <= server.startUs).at(-1) ?? owners[0];
  if (caller === undefined) return;
  const synthesized = synthesizedClient(server, caller, spanIdFor(`${server.spanId}/caller`));
  server.parentSpanId = synthesized.spanId;
  drafts.push(synthesized);
}

/** Parents every span without one under the entry span of its service covering its start. */
function nestUnderEntries(drafts: readonly Draft[], root: Draft): void {
  const entriesOf = new Map<string, Draft[]>();
  for (const d of drafts) if (d.entry) (entriesOf.get(d.service) ?? entriesOf.set(d.service, []).get(d.service)!).push(d);
  for (const list of entriesOf.values()) list.sort((a, b) => a.startUs - b.startUs);
  for (const d of drafts) {
    if (d.parentSpanId !== '' || d === root || (d.entry && d.kind === SpanKind.SERVER && d.event?.facts.access !== undefined)) continue;
    const parent = entryCovering(entriesOf.get(d.service) ?? [], d) ?? root;
    d.parentSpanId = parent.spanId;
    // An entry span ends at its service's last record; it must still cover the work under it.
    if (parent.event?.facts.access === undefined) {
      parent.startUs = Math.min(parent.startUs, d.startUs);
      parent.endUs = Math.max(parent.endUs, d.endUs);
    }
  }
}

/** The latest entry (other than `d`) covering d's start, else the latest starting before it, else the first. */
function entryCovering(entries: readonly Draft[], d: Draft): Draft | undefined {
  let covering: Draft | undefined;
  let before: Draft | undefined;
  let first: Draft | undefined;
  for (const e of entries) {
    if (e === d) continue;
    first ??= e;
    if (e.startUs > d.startUs) break;
    before = e;
    if (d.startUs <= e.endUs) covering = e;
  }
  return covering ?? before ?? first;
}

function earliest(drafts: readonly Draft[]): Draft {
  return drafts.reduce((a, b) => (b.startUs < a.startUs ? b : a));
}

function instanceLink(target: LinkTarget, uuid: string): SpanLink {
  return { traceId: target.traceId, spanId: target.spanId, attributes: { [Attr.instanceUuid]: uuid } };
}
