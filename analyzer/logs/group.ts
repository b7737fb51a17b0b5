/**
 * Groups records into flows by request id. Ids are joined (union-find) where the logs say they
 * belong together: a record printing a global and a local id, or a client call that logged the
 * request id the callee returned. The joined set's representative is the flow key: the global id
 * wins over the local one, and the caller's id wins over the callee's.
 *
 * Asynchronous work with its own request id (external events, a later delete of the same server)
 * stays a separate flow; it is related by instance uuid as a link when spans are built.
 */
import type { MessageFacts } from './facts.js';
import { extractFacts } from './facts.js';
import { placeOrphans } from './orphans.js';
import type { LogRecord } from './record.js';
import type { ServiceResolver } from './service-of.js';

export interface LogEvent {
  readonly record: LogRecord;
  readonly service: string;
  readonly facts: MessageFacts;
  /** Arrival order; breaks ties between records printed in the same microsecond. */
  readonly seq: number;
}

/** A flow as grouped so far. Its `events` may be the grouper's own list: read it, do not keep it across `add`. */
export interface LogFlow {
  /** The flow key: the representative request id. */
  readonly key: string;
  /** Every request id in the flow, the key first. */
  readonly aliases: readonly string[];
  /** In time order. */
  readonly events: readonly LogEvent[];
}

export interface GroupStats {
  /** Records placed in a flow by request id. */
  grouped: number;
  /** Records without a request id (`[-]`). */
  withoutRequestId: number;
  /**
   * Of those, records placed in a flow by instance and time (one-shot ingest only, see
   * orphans.ts); the others are counted, not turned into spans.
   */
  attachedByInstance: number;
}

export class LogFlowGrouper {
  readonly stats: GroupStats = { grouped: 0, withoutRequestId: 0, attachedByInstance: 0 };
  readonly #services: ServiceResolver;
  /** Tail mode: every id of a flow, by representative (ids without events included). */
  readonly #members = new Map<string, string[]>();
  /** Union-find parents; representatives have no entry. */
  readonly #parent = new Map<string, string>();
  readonly #events = new Map<string, LogEvent[]>();
  /** Representatives changed since the last `takeChanged`. */
  readonly #changed = new Set<string>();
  readonly #touchedMs = new Map<string, number>();
  #seq = 0;
  /** Batch mode: records without a request id but with an instance uuid, placed when flows are built. */
  readonly #orphans: LogEvent[] = [];
  /** Batch mode: records with a request id, by the instance they name (for placing orphans). */
  readonly #byInstance = new Map<string, LogEvent[]>();
  #placed = new Map<string, LogEvent[]>();
  /** Ids that took part in a union (as member or representative); all others are flows alone. */
  readonly #joined = new Set<string>();
  #lastId = '';
  #lastList: LogEvent[] | undefined;

  readonly #tracking: boolean;

  /** `tracking`: remember which flows changed and when, for `takeSettled` (tail mode). */
  constructor(services: ServiceResolver, tracking = false) {
    this.#services = services;
    this.#tracking = tracking;
  }

  /** Places one record; `nowMs` is the wall-clock arrival time (tail mode's quiet period). */
  add(record: LogRecord, nowMs = 0): void {
    const { requestId, globalRequestId } = record.context;
    if (requestId === undefined) {
      this.stats.withoutRequestId++;
      if (!this.#tracking) this.#keepOrphan(record);
      return;
    }
    const facts = extractFacts(record);
    const event: LogEvent = { record, service: this.#services.serviceOf(record), facts, seq: this.#seq++ };
    // Consecutive records usually share a request id: skip the map for them.
    let list = requestId === this.#lastId ? (this.#lastList ?? this.#events.get(requestId)) : this.#events.get(requestId);
    if (list === undefined) {
      list = [];
      this.#events.set(requestId, list);
      if (this.#tracking) this.#memberOf(requestId);
    }
    list.push(event);
    if (facts.instanceUuid !== undefined && !this.#tracking) {
      const named = this.#byInstance.get(facts.instanceUuid);
      if (named === undefined) this.#byInstance.set(facts.instanceUuid, [event]);
      else named.push(event);
    }
    this.#lastId = requestId;
    this.#lastList = list;
    this.stats.grouped++;
    if (globalRequestId !== undefined && globalRequestId !== requestId) this.#union(globalRequestId, requestId);
    if (facts.callee !== undefined) this.#union(requestId, facts.callee.calleeRequestId);
    if (!this.#tracking) return;
    const root = this.#find(requestId);
    this.#changed.add(root);
    this.#touchedMs.set(root, nowMs);
  }

  /** A context-free record naming an instance may still be placed by instance and time (orphans.ts). */
  #keepOrphan(record: LogRecord): void {
    const facts = extractFacts(record);
    if (facts.instanceUuid === undefined || facts.access !== undefined) return;
    this.#orphans.push({ record, service: this.#services.serviceOf(record), facts, seq: this.#seq++ });
  }

  /** Every flow, in order of first event; context-free records are placed by instance where they can be. */
  flows(): LogFlow[] {
    this.#placed = placeOrphans(this.#orphans, this.#byInstance, (id) => this.#find(id));
    this.stats.attachedByInstance = [...this.#placed.values()].reduce((n, list) => n + list.length, 0);
    const flows: LogFlow[] = [];
    const members = new Map<string, string[]>();
    for (const [id, events] of this.#events) {
      // Most ids were never joined to another: they are a flow of their own, no grouping needed.
      if (!this.#joined.has(id)) {
        flows.push(this.#placed.has(id) ? this.#flow(id, [id]) : alone(id, events));
        continue;
      }
      const root = this.#find(id);
      const list = members.get(root);
      if (list === undefined) members.set(root, [id]);
      else list.push(id);
    }
    for (const [root, ids] of members) flows.push(this.#flow(root, ids));
    return inTimeOrder(flows);
  }

  /**
   * Flows that changed and then stayed quiet for `quietMs` (wall clock), for tail mode (the
   * grouper must have been built with `tracking`); each is returned whole. Flows quiet for longer
   * than `forgetMs` are dropped from memory, every id of them; a later record starts afresh.
   */
  takeSettled(nowMs: number, quietMs: number, forgetMs = Number.POSITIVE_INFINITY): LogFlow[] {
    const settled: string[] = [];
    for (const root of this.#changed) {
      if (this.#find(root) !== root) this.#changed.delete(root);
      else if (nowMs - (this.#touchedMs.get(root) ?? 0) >= quietMs) settled.push(root);
    }
    for (const root of settled) this.#changed.delete(root);
    const flows = settled.map((root) => this.#flow(root, this.#members.get(root) ?? [root]));
    for (const [root, touched] of this.#touchedMs) {
      if (nowMs - touched > forgetMs && !this.#changed.has(root)) this.#forget(root);
    }
    return flows;
  }

  /** Request ids held in memory (tail mode's bound is `forgetMs`). */
  get size(): number {
    return this.#events.size;
  }

  #forget(root: string): void {
    for (const id of this.#members.get(root) ?? [root]) {
      this.#events.delete(id);
      this.#parent.delete(id);
      this.#joined.delete(id);
      if (id === this.#lastId) this.#lastList = undefined;
    }
    this.#members.delete(root);
    this.#touchedMs.delete(root);
  }

  #flow(root: string, ids: readonly string[]): LogFlow {
    const orphans = this.#placed.get(root);
    if (orphans !== undefined) {
      const events = [...orphans];
      for (const id of ids) events.push(...(this.#events.get(id) ?? []));
      events.sort(byTime);
      return { key: root, aliases: [root, ...ids.filter((id) => id !== root)], events };
    }
    if (ids.length === 1 && ids[0] === root && this.#events.has(root)) return alone(root, this.#events.get(root)!);
    const events: LogEvent[] = [];
    for (const id of ids) events.push(...(this.#events.get(id) ?? [])); // an id may only be known by name
    events.sort(byTime);
    return { key: root, aliases: [root, ...ids.filter((id) => id !== root)], events };
  }

  /** Records `id` as a member of its set (tail mode), once. */
  #memberOf(id: string): void {
    const root = this.#find(id);
    const list = this.#members.get(root);
    if (list === undefined) this.#members.set(root, root === id ? [id] : [root, id]);
    else if (!list.includes(id)) list.push(id);
  }

  /** The representative of `id`'s set; ids never joined have no entry and represent themselves. */
  #find(id: string): string {
    let root = id;
    for (let next = this.#parent.get(root); next !== undefined; next = this.#parent.get(root)) root = next;
    // Path compression keeps every later find O(1).
    let node = id;
    while (node !== root) {
      const next = this.#parent.get(node)!;
      this.#parent.set(node, root);
      node = next;
    }
    return root;
  }

  /** Joins `loser`'s set into `winner`'s; the winner's representative stays the key. */
  #union(winner: string, loser: string): void {
    const a = this.#find(winner);
    const b = this.#find(loser);
    if (a === b) return;
    this.#parent.set(b, a);
    this.#joined.add(winner).add(loser).add(a).add(b);
    if (this.#tracking) {
      const moved = this.#members.get(b) ?? [b];
      this.#members.delete(b);
      const into = this.#members.get(a);
      if (into === undefined) this.#members.set(a, [a, ...moved.filter((id) => id !== a)]);
      else into.push(...moved.filter((id) => !into.includes(id)));
    }
    this.#changed.delete(b);
    this.#touchedMs.delete(b);
  }
}

function byTime(a: LogEvent, b: LogEvent): number {
  return a.record.timeUs - b.record.timeUs || a.seq - b.seq;
}

/**
 * The common case: one request id, its records already in time order within one file. The
 * grouper's own list is handed out (sorted in place): callers build spans from it at once.
 */
function alone(id: string, events: LogEvent[]): LogFlow {
  if (!isSorted(events)) events.sort(byTime);
  return { key: id, aliases: [id], events };
}

/**
 * Sorts flows by their first event (time, then arrival). The keys are copied into typed arrays
 * first: the comparator then reads two flat arrays instead of chasing three objects per side.
 */
function inTimeOrder(flows: LogFlow[]): LogFlow[] {
  const n = flows.length;
  const timeUs = new Float64Array(n);
  const seq = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const first = flows[i]!.events[0]!;
    timeUs[i] = first.record.timeUs;
    seq[i] = first.seq;
    order[i] = i;
  }
  order.sort((a, b) => timeUs[a]! - timeUs[b]! || seq[a]! - seq[b]!);
  const sorted = new Array<LogFlow>(n);
  for (let i = 0; i < n; i++) sorted[i] = flows[order[i]!]!;
  return sorted;
}

function isSorted(events: readonly LogEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (byTime(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}
