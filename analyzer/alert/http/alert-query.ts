import type { Alert } from '../store/alert.js';
import { SEVERITIES } from '../model/types.js';

export interface AlertFilter {
  readonly flow?: string;
  /** A rule, or a rule prefix ending at a `/` boundary (`invariant` matches `invariant/…`). */
  readonly rule?: string;
  readonly type?: string;
  readonly severity?: readonly string[];
  readonly operation?: string;
  readonly status?: 'firing' | 'resolved';
  /** Only alerts last seen at or after this time, microseconds since the epoch. */
  readonly sinceUs?: number;
  readonly limit: number;
}

export type ParsedFilter = { readonly ok: true; readonly filter: AlertFilter } | { readonly ok: false; readonly error: string };

/** Reads `GET /api/alerts` query parameters; each malformed value gives one precise message. */
export function parseAlertFilter(query: Record<string, unknown>): ParsedFilter {
  const one = (key: string): string | undefined => {
    const v = query[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  for (const [key, v] of Object.entries(query)) {
    if (typeof v !== 'string') return { ok: false, error: `${key}: give the parameter once` };
  }
  const limitText = one('limit');
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return { ok: false, error: `limit: must be an integer from 1 to 10000, got ${JSON.stringify(limitText)}` };
  const severity = one('severity')?.split(',');
  const bad = severity?.find((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (bad !== undefined) return { ok: false, error: `severity: must be ${SEVERITIES.join(', ')} (comma-separated), got ${JSON.stringify(bad)}` };
  const status = one('status');
  if (status !== undefined && status !== 'firing' && status !== 'resolved') return { ok: false, error: `status: must be firing or resolved, got ${JSON.stringify(status)}` };
  const sinceText = one('since');
  let sinceUs: number | undefined;
  if (sinceText !== undefined) {
    sinceUs = /^\d+$/.test(sinceText) ? Number(sinceText) : Date.parse(sinceText) * 1000;
    if (!Number.isFinite(sinceUs)) return { ok: false, error: `since: must be microseconds since the epoch or an ISO 8601 time, got ${JSON.stringify(sinceText)}` };
  }
  const filter: AlertFilter = {
    limit,
    ...optional('flow', one('flow')),
    ...optional('rule', one('rule')),
    ...optional('type', one('type')),
    ...optional('operation', one('operation')),
    ...(severity && { severity }),
    ...(status !== undefined && { status }),
    ...(sinceUs !== undefined && { sinceUs }),
  };
  return { ok: true, filter };
}

export function matchesFilter(a: Alert, f: Omit<AlertFilter, 'limit'>): boolean {
  return (
    (f.flow === undefined || a.flowId === f.flow || (a.group?.sampleFlowIds.includes(f.flow) ?? false)) &&
    (f.rule === undefined || a.rule === f.rule || a.rule.startsWith(`${f.rule.replace(/\/$/, '')}/`)) &&
    (f.type === undefined || a.type === f.type) &&
    (f.severity === undefined || f.severity.includes(a.severity)) &&
    (f.operation === undefined || a.operation === f.operation) &&
    (f.status === undefined || a.status === f.status) &&
    (f.sinceUs === undefined || a.lastSeenUs >= f.sinceUs)
  );
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
