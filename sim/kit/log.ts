import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContext } from './context.js';

/**
 * oslo.log-format logging for the simulated services, so that every traced flow also exists as
 * the log files an operator would have. One file per service: `<logDir>/<service>.log` (all
 * nova-compute hosts share `nova-compute.log`; the host is in their messages). Without a logDir
 * every logger is a no-op.
 *
 * Line format (oslo.log's defaults, `logging_context_format_string` and
 * `logging_default_format_string`, with oslo.context's default `logging_user_identity_format`
 * `%(user)s %(tenant)s %(domain)s %(user_domain)s %(project_domain)s`):
 *
 *     2017-05-16 00:00:30.788 25746 INFO nova.api.openstack.requestlog [None req-6a76… ee4d… 6f70… - - -] 127.0.0.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.012345
 *     2017-05-16 00:00:30.790 25746 INFO nova.compute.manager [req-G req-6a76… ee4d… 6f70… - - -] [instance: 9e4b…] Took 0.05 seconds to build instance.
 *     2017-05-16 00:00:30.791 25746 INFO nova.compute.manager [-] Periodic task ran.
 *
 * - time: UTC, `YYYY-MM-DD HH:MM:SS.mmm`; then the process id, the level (DEBUG, INFO, WARNING,
 *   ERROR), the logger name;
 * - with a context: `[<global_request_id or None> <request_id> <user_id or -> <project_id or -> - - -]`;
 *   without one: `[-]`;
 * - `[instance: <uuid>] ` before the message when the record names an instance;
 * - multi-line messages (tracebacks) repeat the whole prefix on every line, as oslo.log does.
 */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogFields {
  readonly context?: RequestContext;
  /** Instance uuid, printed as `[instance: <uuid>] `. */
  readonly instance?: string;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The log of one service: hands out named loggers (`nova.compute.manager`, …). */
export interface ServiceLog {
  logger(name: string): Logger;
}

/** Gives each service its log; `close()` releases the files (safe twice). */
export interface LogFactory {
  forService(service: string): ServiceLog;
  close(): void;
}

export interface LogFactoryOptions {
  /** Folder for `<service>.log`; created if missing. Undefined: log nothing. */
  readonly logDir?: string | undefined;
  /** Process id printed on every line. @default process.pid */
  readonly pid?: number;
  /** Clock, for tests. @default () => new Date() */
  readonly now?: () => Date;
}

export function createLogFactory(options: LogFactoryOptions = {}): LogFactory {
  const { logDir } = options;
  if (logDir === undefined) return NO_LOGS;
  mkdirSync(logDir, { recursive: true });
  const pid = options.pid ?? process.pid;
  const now = options.now ?? (() => new Date());
  const files = new Map<string, number>();
  let closed = false;
  const write = (service: string, text: string): void => {
    if (closed) return;
    let fd = files.get(service);
    if (fd === undefined) {
      fd = openSync(join(logDir, `${service}.log`), 'a');
      files.set(service, fd);
    }
    writeSync(fd, text);
  };
  return {
    forService: (service) => ({
      logger: (name) => makeLogger((level, message, fields) => write(service, formatRecord(now(), pid, level, name, message, fields))),
    }),
    close: () => {
      if (closed) return;
      closed = true;
      for (const fd of files.values()) closeSync(fd);
      files.clear();
    },
  };
}

/** Renders one record as oslo.log would, one line per line of the message, each ending in `\n`. */
export function formatRecord(time: Date, pid: number, level: LogLevel, name: string, message: string, fields: LogFields = {}): string {
  const prefix = `${formatTime(time)} ${pid} ${level} ${name} ${formatContext(fields.context)} `;
  const instance = fields.instance === undefined ? '' : `[instance: ${fields.instance}] `;
  return message
    .split(/\r?\n/)
    .map((line) => `${prefix}${instance}${line}\n`)
    .join('');
}

function formatContext(context: RequestContext | undefined): string {
  if (context === undefined) return '[-]';
  const dash = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '-');
  return `[${context.global_request_id ?? 'None'} ${context.request_id} ${dash(context.user_id)} ${dash(context.project_id)} - - -]`;
}

function formatTime(time: Date): string {
  return time.toISOString().replace('T', ' ').replace('Z', '');
}

function makeLogger(emit: (level: LogLevel, message: string, fields?: LogFields) => void): Logger {
  return {
    debug: (message, fields) => emit('DEBUG', message, fields),
    info: (message, fields) => emit('INFO', message, fields),
    warning: (message, fields) => emit('WARNING', message, fields),
    error: (message, fields) => emit('ERROR', message, fields),
  };
}

const SILENT: Logger = makeLogger(() => undefined);
const NO_LOGS: LogFactory = Object.freeze({ forService: () => ({ logger: () => SILENT }), close: () => undefined });
