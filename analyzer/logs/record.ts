/**
 * One oslo.log record: the first line's header fields plus any continuation lines (a traceback, a
 * multi-line message). Records are plain immutable data; every later stage (service resolution,
 * message facts, flow grouping, span mapping) reads them and never mutates them.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL' | 'TRACE' | 'AUDIT';

/** The request context oslo.log prints in brackets: `[global local user project …]`, or `[-]`. */
export interface LogContext {
  /** The local request id (`req-…`), or undefined for `[-]` and context-free lines. */
  readonly requestId: string | undefined;
  /** The global request id, when the line printed one (new oslo.log format, not `None`). */
  readonly globalRequestId: string | undefined;
  /** The user id, when not `-`. */
  readonly userId: string | undefined;
  /** The project (tenant) id, when not `-`. */
  readonly projectId: string | undefined;
}

export interface LogRecord {
  /** Where the record came from: the file path, or the name the caller gave the text. */
  readonly source: string;
  /** The loghub-style file-name prefix of the line (`nova-api.log.1…`), when present. */
  readonly filePrefix: string | undefined;
  /** 1-based line number of the first line within its source. */
  readonly line: number;
  /** Byte offset of the first line within its source (UTF-8). */
  readonly offset: number;
  /** Microseconds since the epoch; the printed local time read as UTC plus the configured offset. */
  readonly timeUs: number;
  readonly pid: number;
  readonly level: LogLevel;
  /** The Python logger name, e.g. `nova.osapi_compute.wsgi.server`. */
  readonly logger: string;
  readonly context: LogContext;
  /** The message of the first line, after the context brackets. */
  readonly message: string;
  /** Continuation lines (traceback frames, further message lines), without their prefixes. */
  readonly continuation: readonly string[];
  /** The first line exactly as read, without its line ending. */
  readonly raw: string;
}

export const NO_CONTEXT: LogContext = Object.freeze({
  requestId: undefined,
  globalRequestId: undefined,
  userId: undefined,
  projectId: undefined,
});
