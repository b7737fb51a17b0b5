/**
 * Records printed without a request context (`[-]`) but naming an instance — libvirt's "Instance
 * spawned successfully.", "Instance destroyed successfully." — belong to whatever request was
 * working on that instance in that service at the time. Such a record joins a flow when exactly
 * one user request (its records carry a user id; background tasks' do not) has records of the
 * same service and instance on both sides of it; otherwise it stays unattributed, counted.
 */
import type { LogEvent, LogFlow } from './group.js';

interface Window {
  readonly flow: LogFlow;
  firstUs: number;
  lastUs: number;
  /** The flow's records carry a user id: a user's request rather than a periodic task. */
  readonly user: boolean;
}

/** Adds each orphan it can place to its flow's events (kept in time order); returns how many. */
export function attachOrphans(flows: readonly LogFlow[], orphans: readonly LogEvent[]): number {
  if (orphans.length === 0) return 0;
  const wanted = new Set(orphans.map((o) => `${o.service}\n${o.facts.instanceUuid!}`));
  const windows = new Map<string, Window[]>();
  for (const flow of flows) {
    const user = flow.events.some((e) => e.record.context.userId !== undefined);
    const mine = new Map<string, Window>();
    for (const e of flow.events) {
      const uuid = e.facts.instanceUuid;
      if (uuid === undefined) continue;
      const key = `${e.service}\n${uuid}`;
      if (!wanted.has(key)) continue;
      const t = e.record.timeUs;
      const w = mine.get(key);
      if (w === undefined) mine.set(key, { flow, firstUs: t, lastUs: t, user });
      else {
        w.firstUs = Math.min(w.firstUs, t);
        w.lastUs = Math.max(w.lastUs, t);
      }
    }
    for (const [key, w] of mine) (windows.get(key) ?? windows.set(key, []).get(key)!).push(w);
  }
  const placed = new Set<LogFlow>();
  let attached = 0;
  for (const orphan of orphans) {
    const t = orphan.record.timeUs;
    const covering = (windows.get(`${orphan.service}\n${orphan.facts.instanceUuid!}`) ?? []).filter((w) => w.firstUs <= t && t <= w.lastUs);
    const users = covering.filter((w) => w.user);
    if (users.length !== 1) continue;
    const chosen = users[0]!;
    (chosen.flow.events as LogEvent[]).push(orphan);
    placed.add(chosen.flow);
    attached++;
  }
  for (const flow of placed) (flow.events as LogEvent[]).sort((a, b) => a.record.timeUs - b.record.timeUs || a.seq - b.seq);
  return attached;
}
