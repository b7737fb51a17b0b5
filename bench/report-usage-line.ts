/** The stderr line a child benchmark's usage travels in (written by report-usage.ts, read by run.ts). */
const MARK = 'HOPTRACE_BENCH_USAGE ';

export interface Usage {
  readonly cpuS: number;
  readonly maxRssMiB: number;
}

export function usageLine(usage: Usage): string {
  return `${MARK}${JSON.stringify({ cpuS: Math.round(usage.cpuS * 100) / 100, maxRssMiB: Math.round(usage.maxRssMiB) })}`;
}

/** The last usage line in `stderr`, or null when the child died before writing one. */
export function parseUsage(stderr: string): Usage | null {
  const at = stderr.lastIndexOf(MARK);
  if (at < 0) return null;
  const line = stderr.slice(at + MARK.length).split('\n', 1)[0] ?? '';
  try {
    return JSON.parse(line) as Usage;
  } catch {
    return null;
  }
}
