import { createHash } from 'node:crypto';
import type { Flow, Hop } from '../../../core/flow.js';
import type { Violation } from '../rules/violation.js';
import type { Alert, AlertChange, AlertHop, AlertListener } from './alert.js';
import { RateLimiter } from './rate-limit.js';

export interface AlertStoreOptions {
  /** Alerts kept; the oldest are evicted first (counted). @default 10000 */
  readonly maxAlerts?: number;
  /** Alerts one (rule, edge) may raise at once across flows before folding into a group. @default 20 */
  readonly burst?: number;
  /** Refill of that allowance, per minute. @default 60 */
  readonly perMinute?: number;
}

export interface AlertStoreStats {
  readonly alerts: number;
  readonly raised: number;
  readonly updated: number;
  /** Violations folded into group alerts by the rate limit. */
  readonly grouped: number;
  readonly evicted: number;
  readonly resolved: number;
}

interface Entry {
  alert: Alert;
  /**
   * Span ids of the offending hops already counted. A hop is known by its spans, never by its
   * seq: seq numbers shift when earlier-starting spans arrive later.
   */
  readonly seen: Set<string>;
}

/** true when `hop` shares a span with the hops already counted. */
function isSeen(seen: ReadonlySet<string>, hop: Pick<Hop, 'spanIds'>): boolean {
  return hop.spanIds.some((id) => seen.has(id));
}

/**
 * Turns violations into alerts: one alert per (flow, rule, subject), updated rather than repeated
 * when the flow is evaluated again; across flows, a (rule, edge) that fires faster than the rate
 * limit folds into one group alert whose count grows. Listeners hear every new or updated alert,
 * synchronously; a listener that throws is isolated from the others and from the caller.
 */
export class AlertStore {
  readonly #entries = new Map<string, Entry>();
  readonly #groupOf = new Map<string, string>();
  readonly #keyById = new Map<string, string>();
  /** flow id → keys of its alerts, so a flow's alerts are found without a scan. */
  readonly #keysByFlow = new Map<string, Set<string>>();
  readonly #listeners = new Set<AlertListener>();
  readonly #limiter: RateLimiter;
  readonly #max: number;
  #stats = { raised: 0, updated: 0, grouped: 0, evicted: 0, resolved: 0 };

  constructor(options: AlertStoreOptions = {}) {
    this.#max = options.maxAlerts ?? 10_000;
    this.#limiter = new RateLimiter(options.burst ?? 20, options.perMinute ?? 60);
  }

  onAlert(listener: AlertListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records what one evaluation of `flow` found; returns the alerts it created or changed. */
  record(flow: Flow, violations: readonly Violation[], nowUs: number): Alert[] {
    const changed: Alert[] = [];
    for (const v of violations) {
      const key = `${flow.id}|${v.rule}|${v.subject}`;
      const entry = this.#entries.get(key);
      if (entry) {
        if (this.#update(entry, v, nowUs)) changed.push(this.#emit(entry.alert, 'updated'));
        continue;
      }
      const groupKey = this.#groupOf.get(key);
      if (groupKey) continue; // already folded into a group
      if (this.#limiter.take(`${v.rule}|${v.subject}`, nowUs)) {
        const alert = toAlert(key, flow, v, nowUs);
        this.#insert(key, { alert, seen: new Set((v.hops ?? []).flatMap((h) => h.spanIds)) });
        this.#stats.raised++;
        changed.push(this.#emit(alert, 'new'));
      } else {
        changed.push(this.#fold(key, flow, v, nowUs));
      }
    }
    return changed;
  }

  /**
   * After a completed flow was evaluated in full: its firing alerts of the given rules that this
   * evaluation did not find again are resolved (a late span brought what was missing).
   */
  resolveGone(flow: Flow, rules: (rule: string) => boolean, found: readonly Violation[], nowUs: number): Alert[] {
    const still = new Set(found.map((v) => `${flow.id}|${v.rule}|${v.subject}`));
    const changed: Alert[] = [];
    for (const key of this.#keysByFlow.get(flow.id) ?? []) {
      const entry = this.#entries.get(key)!;
      const a = entry.alert;
      if (a.flowId !== flow.id || a.group || a.status !== 'firing' || !rules(a.rule) || still.has(key)) continue;
      entry.alert = { ...a, status: 'resolved', resolvedUs: nowUs, lastSeenUs: nowUs };
      this.#stats.resolved++;
      changed.push(this.#emit(entry.alert, 'resolved'));
    }
    return changed;
  }

  get(id: string): Alert | undefined {
    const key = this.#keyById.get(id);
    return key === undefined ? undefined : this.#entries.get(key)?.alert;
  }

  /** Every alert, most recently seen first. The returned objects are immutable snapshots. */
  list(): Alert[] {
    return [...this.#entries.values()].map((e) => e.alert).sort((a, b) => b.lastSeenUs - a.lastSeenUs);
  }

  stats(): AlertStoreStats {
    return { alerts: this.#entries.size, ...this.#stats };
  }

  #update(entry: Entry, v: Violation, nowUs: number): boolean {
    const fresh = (v.hops ?? []).filter((h) => !isSeen(entry.seen, h));
    const also = v.alsoBroken ?? [];
    const newAlso = also.some((r) => !entry.alert.alsoBroken.includes(r));
    const hopFound = entry.alert.hop === undefined && v.hop !== undefined;
    const refire = entry.alert.status === 'resolved';
    if (fresh.length === 0 && !newAlso && !hopFound && !refire) return false;
    for (const h of v.hops ?? []) for (const id of h.spanIds) entry.seen.add(id);
    const { resolvedUs: _resolvedUs, ...old } = entry.alert;
    entry.alert = {
      ...old,
      summary: v.message,
      ...(hopFound && { hop: hopView(v.hop!) }),
      alsoBroken: [...new Set([...old.alsoBroken, ...also])],
      ...(v.expected && { expected: v.expected.map(expectedView) }),
      lastSeenUs: nowUs,
      count: old.count + fresh.length,
      status: 'firing',
    };
    this.#stats.updated++;
    return true;
  }

  #fold(key: string, flow: Flow, v: Violation, nowUs: number): Alert {
    const groupKey = `group|${v.rule}|${v.subject}`;
    this.#groupOf.set(key, groupKey);
    this.#stats.grouped++;
    const entry = this.#entries.get(groupKey);
    if (!entry) {
      const base = toAlert(groupKey, flow, v, nowUs);
      // A group counts folded violations, one per flow, whatever the number of hops in each.
      const alert: Alert = { ...base, count: 1, summary: `${v.message} — and the same in other flows (grouped)`, group: { flows: 1, sampleFlowIds: [flow.id] } };
      this.#insert(groupKey, { alert, seen: new Set() });
      return this.#emit(alert, 'new');
    }
    const g = entry.alert.group ?? { flows: 0, sampleFlowIds: [] };
    entry.alert = {
      ...entry.alert,
      lastSeenUs: nowUs,
      count: entry.alert.count + 1,
      group: { flows: g.flows + 1, sampleFlowIds: g.sampleFlowIds.length < 10 ? [...g.sampleFlowIds, flow.id] : g.sampleFlowIds },
    };
    return this.#emit(entry.alert, 'updated');
  }

  #insert(key: string, entry: Entry): void {
    this.#entries.set(key, entry);
    this.#keyById.set(entry.alert.id, key);
    const keys = this.#keysByFlow.get(entry.alert.flowId) ?? new Set<string>();
    this.#keysByFlow.set(entry.alert.flowId, keys.add(key));
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      const { id, flowId } = this.#entries.get(oldest)!.alert;
      this.#keyById.delete(id);
      const flowKeys = this.#keysByFlow.get(flowId);
      flowKeys?.delete(oldest);
      if (flowKeys?.size === 0) this.#keysByFlow.delete(flowId);
      this.#entries.delete(oldest);
      this.#stats.evicted++;
    }
    if (this.#groupOf.size > this.#max * 10) this.#groupOf.clear();
  }

  #emit(alert: Alert, change: AlertChange): Alert {
    for (const l of this.#listeners) {
      try {
        l(alert, change);
      } catch {
        // a listener's failure is its own; evaluation and the other listeners go on
      }
    }
    return alert;
  }
}

function toAlert(key: string, flow: Flow, v: Violation, nowUs: number): Alert {
  return {
    id: createHash('sha1').update(key).digest('hex').slice(0, 16),
    flowId: flow.id,
    operation: flow.operation,
    type: v.type,
    rule: v.rule,
    alsoBroken: v.alsoBroken ?? [],
    severity: v.severity,
    summary: v.message,
    ...(v.hop && { hop: hopView(v.hop) }),
    ...(v.expected && { expected: v.expected.map(expectedView) }),
    link: `/api/flows/${encodeURIComponent(flow.id)}`,
    firstSeenUs: nowUs,
    lastSeenUs: nowUs,
    count: Math.max(1, v.hops?.length ?? 1),
    status: 'firing',
  };
}

function hopView(h: Hop): AlertHop {
  return { seq: h.seq, from: h.from, to: h.to, kind: h.kind, operation: h.operation, spanIds: [...h.spanIds] };
}

function expectedView(m: NonNullable<Violation['expected']>[number]) {
  return { id: m.id, from: m.from, to: m.to, kind: m.kind, operation: m.operation ?? '**' };
}
