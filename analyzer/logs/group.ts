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
import type { LogRecord } from './record.js';
import type { ServiceResolver } from './service-of.js';

export interface LogEvent {
  readonly record: LogRecord;
  readonly service: string;
  readonly facts: MessageFacts;
  /** Arrival order; breaks ties between records printed in the same microsecond. */
  readonly seq: number;
}

export interface LogFlow {
  /** The flow key: the representative request id. */
  readonly key: string;
  /** Every request id in the flow, the key first. */
  readonly aliases: readonly string[];
  /** In time order. */
  readonly events: readonly LogEvent[];
}

export interface GroupStats {
  /** Records placed in a flow. */
  grouped: number;
  /** Records without a request id (`[-]`): counted, not placed in any flow. */
  withoutRequestId: number;
}

export class LogFlowGrouper {
  readonly stats: GroupStats = { grouped: 0, withoutRequestId: 0 };
  readonly #services: ServiceResolver;
  readonly #parent = new Map<string, string>();
  readonly #events = new Map<string, LogEvent[]>();
  /** Representatives changed since the last `takeChanged`. */
  readonly #changed = new Set<string>();
  readonly #touchedMs = new Map<string, number>();
  #seq = 0;

  constructor(services: ServiceResolver) {
    this.#services = services;
  }

  /** Places one record; `nowMs` is the wall-clock arrival time (tail mode's quiet period). */
  add(record: LogRecord, nowMs = 0): void {
    const { requestId, globalRequestId } = record.context;
    if (requestId === undefined) {
      this.stats.withoutRequestId++;
      return;
    }
    const facts = extractFacts(record);
    const event: LogEvent = { record, service: this.#services.serviceOf(record), facts, seq: this.#seq++ };
    let list = this.#events.get(requestId);
    if (list === undefined) {
      list = [];
      this.#events.set(requestId, list);
      this.#parent.set(requestId, requestId);
    }
    list.push(event);
    this.stats.grouped++;
    if (globalRequestId !== undefined && globalRequestId !== requestId) this.#union(globalRequestId, requestId);
    if (facts.callee !== undefined) this.#union(requestId, facts.callee.calleeRequestId);
    const root = this.#find(requestId);
    this.#changed.add(root);
    this.#touchedMs.set(root, nowMs);
  }

  /** Every flow, in order of first event. */
  flows(): LogFlow[] {
    const members = new Map<string, string[]>();
    for (const id of this.#events.keys()) {
      const root = this.#find(id);
      const list = members.get(root);
      if (list === undefined) members.set(root, [id]);
      else list.push(id);
    }
    const flows = [...members].map(([root, ids]) => this.#flow(root, ids));
    return flows.sort((a, b) => a.events[0]!.record.timeUs - b.events[0]!.record.timeUs || a.events[0]!.seq - b.events[0]!.seq);
  }

  /**
   * Flows that changed and then stayed quiet for `quietMs` (wall clock), for tail mode; each is
   * returned whole. Flows quiet for longer than `forgetMs` are dropped from memory.
   */
  takeSettled(nowMs: number, quietMs: number, forgetMs = Number.POSITIVE_INFINITY): LogFlow[] {
    const settled: string[] = [];
    for (const root of this.#changed) {
      if (this.#find(root) !== root) this.#changed.delete(root);
      else if (nowMs - (this.#touchedMs.get(root) ?? 0) >= quietMs) settled.push(root);
    }
    for (const root of settled) this.#changed.delete(root);
    const wanted = new Set(settled);
    const members = new Map<string, string[]>();
    for (const id of this.#events.keys()) {
      const root = this.#find(id);
      if (wanted.has(root)) (members.get(root) ?? members.set(root, []).get(root)!).push(id);
      else if (nowMs - (this.#touchedMs.get(root) ?? nowMs) > forgetMs && !this.#changed.has(root)) this.#forget(id, root);
    }
    return [...members].map(([root, ids]) => this.#flow(root, ids));
  }

  #flow(root: string, ids: readonly string[]): LogFlow {
    const events: LogEvent[] = [];
    for (const id of ids) events.push(...this.#events.get(id)!);
    events.sort((a, b) => a.record.timeUs - b.record.timeUs || a.seq - b.seq);
    return { key: root, aliases: [root, ...ids.filter((id) => id !== root)], events };
  }

  #forget(id: string, root: string): void {
    this.#events.delete(id);
    if (id === root) this.#touchedMs.delete(root);
  }

  #find(id: string): string {
    let root = this.#parent.get(id);
    if (root === undefined) return id;
    while (root !== this.#parent.get(root)) {
      const next = this.#parent.get(root);
      if (next === undefined) break;
      root = next;
    }
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
    if (!this.#parent.has(winner)) this.#parent.set(winner, winner);
    if (!this.#parent.has(loser)) this.#parent.set(loser, loser);
    const a = this.#find(winner);
    const b = this.#find(loser);
    if (a === b) return;
    this.#parent.set(b, a);
    this.#changed.delete(b);
    this.#touchedMs.delete(b);
  }
}
