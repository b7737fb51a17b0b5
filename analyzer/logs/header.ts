/**
 * Reads the fixed prefix of an oslo.log line:
 *
 *   [file-name ]YYYY-MM-DD HH:MM:SS.mmm PID LEVEL logger [context] message
 *
 * The optional leading file name is the loghub convention (`nova-api.log.1.2017-05-16_13:53:08 …`);
 * a token counts as one when it contains `.log`. The context is oslo.log's
 * `[%(global_request_id)s %(request_id)s %(user_identity)s]` (newer releases, `None` without a global
 * id), the older `[%(request_id)s %(user_identity)s]`, or `[-]` when there is no context.
 */
import { NO_CONTEXT } from './record.js';
import type { LogContext, LogLevel } from './record.js';

export interface LogHeader {
  readonly filePrefix: string | undefined;
  /** The printed time read as UTC, in microseconds since the epoch. */
  readonly timeUs: number;
  readonly pid: number;
  readonly level: LogLevel;
  readonly logger: string;
  readonly context: LogContext;
  readonly message: string;
}

const LEVELS: Readonly<Record<string, LogLevel>> = {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARNING: 'WARNING',
  WARN: 'WARNING',
  ERROR: 'ERROR',
  CRITICAL: 'CRITICAL',
  TRACE: 'TRACE',
  AUDIT: 'AUDIT',
};

/**
 * Parses one line; undefined when it is not an oslo.log header line. Hand-written rather than one
 * regular expression: this runs once per line and is most of the ingester's cost.
 */
export function parseHeader(line: string): LogHeader | undefined {
  let filePrefix: string | undefined;
  let p = 0;
  if (!isDigit(line.charCodeAt(0))) {
    const space = line.indexOf(' ');
    if (space < 0 || line.lastIndexOf('.log', space) < 0) return undefined;
    filePrefix = line.slice(0, space);
    p = space + 1;
  }
  const timeUs = readTimestamp(line, p);
  if (timeUs < 0) return undefined;
  p += 19;
  let fraction = 0;
  const sep = line.charCodeAt(p);
  if (sep === 0x2e /* . */ || sep === 0x2c /* , */) {
    let digits = 0;
    for (p++; isDigit(line.charCodeAt(p)) && digits < 6; p++, digits++) fraction = fraction * 10 + line.charCodeAt(p) - 48;
    if (digits === 0) return undefined;
    for (; digits < 6; digits++) fraction *= 10;
  }
  if (line.charCodeAt(p) !== 0x20) return undefined;
  let pid = 0;
  const pidStart = ++p;
  for (; isDigit(line.charCodeAt(p)); p++) pid = pid * 10 + line.charCodeAt(p) - 48;
  if (p === pidStart || line.charCodeAt(p) !== 0x20) return undefined;
  const levelEnd = line.indexOf(' ', ++p);
  if (levelEnd < 0) return undefined;
  const level = LEVELS[line.slice(p, levelEnd)];
  if (level === undefined) return undefined;
  p = levelEnd + 1;
  let loggerEnd = line.indexOf(' ', p);
  if (loggerEnd < 0) loggerEnd = line.length;
  if (loggerEnd === p) return undefined;
  const logger = line.slice(p, loggerEnd);
  const { context, message } = splitContext(loggerEnd < line.length ? line.slice(loggerEnd + 1) : '');
  return { filePrefix, timeUs: timeUs + fraction, pid, level, logger, context, message };
}

let cachedDay = -1;
let cachedDayMs = 0;

/** `YYYY-MM-DD HH:MM:SS` at `p` as microseconds since the epoch (read as UTC), or -1. */
function readTimestamp(s: string, p: number): number {
  if (s.charCodeAt(p + 4) !== 0x2d || s.charCodeAt(p + 7) !== 0x2d || s.charCodeAt(p + 10) !== 0x20) return -1;
  if (s.charCodeAt(p + 13) !== 0x3a || s.charCodeAt(p + 16) !== 0x3a) return -1;
  const year = num(s, p, 4);
  const month = num(s, p + 5, 2);
  const day = num(s, p + 8, 2);
  const hour = num(s, p + 11, 2);
  const minute = num(s, p + 14, 2);
  const second = num(s, p + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return -1;
  if (hour < 0 || minute < 0 || second < 0) return -1;
  const dayKey = year * 10000 + month * 100 + day;
  if (dayKey !== cachedDay) {
    cachedDayMs = Date.UTC(year, month - 1, day);
    cachedDay = dayKey;
  }
  return (cachedDayMs + ((hour * 60 + minute) * 60 + second) * 1000) * 1000;
}

function num(s: string, p: number, n: number): number {
  let value = 0;
  for (let i = p; i < p + n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Separates the bracketed request context from the message; lines without one keep it all. */
export function splitContext(rest: string): { context: LogContext; message: string } {
  if (rest.charCodeAt(0) !== 0x5b /* [ */) return { context: NO_CONTEXT, message: rest };
  const close = rest.indexOf(']');
  if (close < 0) return { context: NO_CONTEXT, message: rest };
  const inside = rest.slice(1, close);
  if (inside !== '-' && !inside.startsWith('req-') && !inside.startsWith('None')) {
    return { context: NO_CONTEXT, message: rest }; // e.g. `[instance: …]` with no context printed
  }
  const message = rest.charCodeAt(close + 1) === 0x20 ? rest.slice(close + 2) : rest.slice(close + 1);
  return { context: parseContext(inside), message };
}

function parseContext(inside: string): LogContext {
  if (inside === '-') return NO_CONTEXT;
  // Tokens are read with indexOf rather than split: this runs once per line.
  let end = inside.indexOf(' ');
  let first = end < 0 ? inside : inside.slice(0, end);
  let globalRequestId: string | undefined;
  let requestId: string | undefined;
  if (first === 'None' || (isRequestIdToken(first) && inside.startsWith('req-', end + 1))) {
    globalRequestId = first === 'None' ? undefined : first;
    const next = end < 0 ? -1 : inside.indexOf(' ', end + 1);
    first = end < 0 ? '' : inside.slice(end + 1, next < 0 ? inside.length : next);
    end = next;
  }
  if (isRequestIdToken(first)) requestId = first;
  if (end < 0) return { requestId, globalRequestId, userId: undefined, projectId: undefined };
  const userEnd = inside.indexOf(' ', end + 1);
  const userId = present(inside.slice(end + 1, userEnd < 0 ? inside.length : userEnd));
  if (userEnd < 0) return { requestId, globalRequestId, userId, projectId: undefined };
  const projectEnd = inside.indexOf(' ', userEnd + 1);
  const projectId = present(inside.slice(userEnd + 1, projectEnd < 0 ? inside.length : projectEnd));
  return { requestId, globalRequestId, userId, projectId };
}

function isRequestIdToken(token: string): boolean {
  return token.length > 4 && token.startsWith('req-');
}

function present(token: string): string | undefined {
  return token === '-' || token === 'None' || token === '' ? undefined : token;
}
