import { UsageError } from '../args.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--since` as microseconds since the epoch (the unit of every time in the flow API): a duration
 * back from `nowMs` (`30s`, `10m`, `2h`, `1d`) or an ISO 8601 time. Anything else is a UsageError.
 */
export function parseSince(value: string, nowMs: number): number {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) return (nowMs - Number(relative[1]) * UNIT_MS[relative[2]!]!) * 1000;
  const absolute = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(absolute)) throw new UsageError(`--since must be a duration like 10m or an ISO 8601 time, got '${value}'`);
  return absolute * 1000;
}
