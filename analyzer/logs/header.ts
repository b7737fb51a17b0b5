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

/** Level words oslo.log prints; a null prototype, so `constructor` or `toString` are no level. */
const LEVELS: Readonly<Record<string, LogLevel>> = Object.assign(Object.create(null) as Record<string, LogLevel>, {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARNING: 'WARNING',
  WARN: 'WARNING',
  ERROR: 'ERROR',
  CRITICAL: 'CRITICAL',
  TRACE: 'TRACE',
  AUDIT: 'AUDIT',
});

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
  return contextAndMessage(line, Math.min(loggerEnd + 1, line.length), filePrefix, timeUs + fraction, pid, level, logger);
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

/**
 * Reads the bracketed request context starting at `p` and the message after it; a line without
 * one keeps everything as the message. Works on offsets into the line: this runs once per line,
 * and every substring or result object it avoids is garbage the collector need not sweep.
 */
function contextAndMessage(line: string, p: number, filePrefix: string | undefined, timeUs: number, pid: number, level: LogLevel, logger: string): LogHeader {
  if (line.charCodeAt(p) !== 0x5b /* [ */) return { filePrefix, timeUs, pid, level, logger, context: NO_CONTEXT, message: line.slice(p) };
  const close = line.indexOf(']', p);
  const dash = close === p + 2 && line.charCodeAt(p + 1) === 0x2d;
  if (close < 0 || !(dash || line.startsWith('req-', p + 1) || line.startsWith('None', p + 1))) {
    return { filePrefix, timeUs, pid, level, logger, context: NO_CONTEXT, message: line.slice(p) }; // e.g. `[instance: …]` with no context printed
  }
  const message = line.slice(line.charCodeAt(close + 1) === 0x20 ? close + 2 : close + 1);
  return { filePrefix, timeUs, pid, level, logger, context: dash ? NO_CONTEXT : parseContext(line, p + 1, close), message };
}

/** The context tokens between `start` and `close` (exclusive): `[global] local user project …`. */
function parseContext(line: string, start: number, close: number): LogContext {
  let end = tokenEnd(line, start, close);
  let globalRequestId: string | undefined;
  if (line.startsWith('None', start) && end === start + 4) {
    start = end + 1;
    end = tokenEnd(line, start, close);
  } else if (line.startsWith('req-', start) && line.startsWith('req-', end + 1) && end < close) {
    globalRequestId = line.slice(start, end);
    start = end + 1;
    end = tokenEnd(line, start, close);
  }
  const requestId = start < close && end - start > 4 && line.startsWith('req-', start) ? line.slice(start, end) : undefined;
  if (end >= close) return { requestId, globalRequestId, userId: undefined, projectId: undefined };
  const userEnd = tokenEnd(line, end + 1, close);
  const userId = present(line.slice(end + 1, userEnd));
  if (userEnd >= close) return { requestId, globalRequestId, userId, projectId: undefined };
  const projectEnd = tokenEnd(line, userEnd + 1, close);
  return { requestId, globalRequestId, userId, projectId: present(line.slice(userEnd + 1, projectEnd)) };
}

/** The end of the space-separated token starting at `from`, never past `close`. */
function tokenEnd(line: string, from: number, close: number): number {
  const space = line.indexOf(' ', from);
  return space < 0 || space > close ? close : space;
}

function present(token: string): string | undefined {
  return token === '-' || token === 'None' || token === '' ? undefined : token;
}
