/**
 * What the query server's own thread did while a client asked: how late its event loop ran
 * (timer lateness beyond the sampling period), its GC pauses, and its CPU per request (all of
 * its CPU during the watch, the client's start-up and warm-up included, over the requests served).
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface ServerLoopStats {
  /** Event-loop lateness beyond the 2 ms sampling period, in ms. */
  readonly loopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly gcPauses: number;
  readonly gcPauseMsTotal: number;
  readonly gcPauseMsMax: number;
  readonly cpuMsPerRequest: number;
}

const RESOLUTION_MS = 2;

/** Starts watching this process; `stop(requests)` ends the watch and divides CPU by `requests`. */
export function watchServerLoop(): { stop(requests: number): ServerLoopStats } {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  const cpu = process.cpuUsage();
  return {
    stop(requests) {
      const used = process.cpuUsage(cpu);
      delay.disable();
      for (const entry of gc.takeRecords()) pauses.push(entry.duration);
      gc.disconnect();
      const late = (ns: number): number => Number(Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(3));
      return {
        loopDelayMs: { p50: late(delay.percentile(50)), p99: late(delay.percentile(99)), max: late(delay.max) },
        gcPauses: pauses.length,
        gcPauseMsTotal: Number(pauses.reduce((a, b) => a + b, 0).toFixed(3)),
        gcPauseMsMax: Number(Math.max(0, ...pauses).toFixed(3)),
        cpuMsPerRequest: Number(((used.user + used.system) / 1000 / requests).toFixed(4)),
      };
    },
  };
}
