/**
 * Query-string parsing with exact 400 messages. Each parser returns the value, undefined when the
 * parameter is absent, or throws BadRequest naming the parameter and what was wrong.
 */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

type Query = Readonly<Record<string, unknown>>;

/** The single string value of a parameter; BadRequest when repeated or not a string. */
export function stringParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequest(`parameter ${name} must be given once`);
  return value;
}

/** Every value of a repeatable parameter. */
export function stringParams(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
}

export function intParam(query: Query, name: string, min: number, max: number): number | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`parameter ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new BadRequest(`parameter ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

const UNITS_US: Readonly<Record<string, number>> = { ns: 0.001, us: 1, µs: 1, ms: 1000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** A Go duration (`10ms`, `1.5s`, `1h30m`) in µs; undefined when malformed. */
export function parseGoDuration(raw: string): number | undefined {
  if (!GO_DURATION.test(raw)) return undefined;
  let total = 0;
  for (const [, amount, unit] of raw.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * UNITS_US[unit!]!;
  return Math.round(total);
}

export function durationParam(query: Query, name: string): number | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const us = parseGoDuration(raw);
  if (us === undefined) throw new BadRequest(`parameter ${name} must be a duration such as 10ms or 1.5s, got "${raw}"`);
  return us;
}

/** RFC 3339 with up to nanosecond fraction, in µs since the epoch; undefined when malformed. */
export function parseRfc3339(raw: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(raw);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Math.floor(Number((match[2] ?? '0').padEnd(9, '0')) / 1000);
}

/**
 * A point in time: µs since the epoch (digits), RFC 3339, or a duration before `nowUs` (`15m`,
 * `2h`, Go syntax); in µs since the epoch.
 */
export function timeParam(query: Query, name: string, nowUs: number): number | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const at = parseRfc3339(raw);
  if (at !== undefined) return at;
  const ago = parseGoDuration(raw);
  if (ago !== undefined) return nowUs - ago;
  throw new BadRequest(`parameter ${name} must be µs since the epoch, an RFC 3339 time or a duration ago such as 15m, got "${raw}"`);
}
