/**
 * Records printed without a request context (`[-]`) but naming an instance — libvirt's "Instance
 * spawned successfully.", "Instance destroyed successfully." — belong to whatever request was
 * working on that instance in that service at the time. Such a record joins a flow when exactly
 * one user request (its records carry a user id; background tasks' do not) has records of the
 * same service and instance on both sides of it; otherwise it stays unattributed, counted.
 */
import type { LogEvent } from './group.js';

interface Window {
  readonly flow: string;
  firstUs: number;
  lastUs: number;
  user: boolean;
  /** The latest lastUs of this window and every window starting before it: where a backward scan may stop. */
  reachUs: number;
}

/**
 * Decides where orphans go. `byInstance` holds the records that named each instance (with a
 * request id); `flowOf` maps a request id to its flow key. Returns the orphans per flow key.
 * Cost: the records of the orphans' instances, plus a binary search and a short backward scan
 * per orphan (an instance named by thousands of requests stays cheap).
 */
export function placeOrphans(orphans: readonly LogEvent[], byInstance: ReadonlyMap<string, readonly LogEvent[]>, flowOf: (requestId: string) => string): Map<string, LogEvent[]> {
  const placed = new Map<string, LogEvent[]>();
  const windowsOf = new Map<string, Window[]>();
  for (const orphan of orphans) {
    const key = `${orphan.service}\n${orphan.facts.instanceUuid!}`;
    let windows = windowsOf.get(key);
    if (windows === undefined) {
      windows = userWindows(byInstance.get(orphan.facts.instanceUuid!) ?? [], orphan.service, flowOf);
      windowsOf.set(key, windows);
    }
    const flow = onlyCovering(windows, orphan.record.timeUs);
    if (flow !== undefined) (placed.get(flow) ?? placed.set(flow, []).get(flow)!).push(orphan);
  }
  return placed;
}

/** The user requests' windows (first to last record) on one instance in one service, by start. */
function userWindows(named: readonly LogEvent[], service: string, flowOf: (requestId: string) => string): Window[] {
  const byFlow = new Map<string, Window>();
  for (const e of named) {
    if (e.service !== service) continue;
    const flow = flowOf(e.record.context.requestId!);
    const t = e.record.timeUs;
    const user = e.record.context.userId !== undefined;
    const w = byFlow.get(flow);
    if (w === undefined) byFlow.set(flow, { flow, firstUs: t, lastUs: t, user, reachUs: t });
    else {
      w.firstUs = Math.min(w.firstUs, t);
      w.lastUs = Math.max(w.lastUs, t);
      w.user ||= user;
    }
  }
  const windows = [...byFlow.values()].filter((w) => w.user).sort((a, b) => a.firstUs - b.firstUs);
  let reach = Number.NEGATIVE_INFINITY;
  for (const w of windows) w.reachUs = reach = Math.max(reach, w.lastUs);
  return windows;
}

/** The flow of the one window covering `t`, or undefined when none or several do. */
function onlyCovering(windows: readonly Window[], t: number): string | undefined {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (windows[mid]!.firstUs <= t) lo = mid + 1;
    else hi = mid;
  }
  let found: string | undefined;
  for (let i = lo - 1; i >= 0 && windows[i]!.reachUs >= t; i--) {
    if (windows[i]!.lastUs < t) continue;
    if (found !== undefined) return undefined;
    found = windows[i]!.flow;
  }
  return found;
}
