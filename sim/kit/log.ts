import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContext } from './context.js';

/**
 * oslo.log-format logging for the simulated services, so that every traced flow also exists as
 * the log files an operator would have. One file per service: `<logDir>/<service>.log` (all
 * nova-compute hosts share `nova-compute.log`; the host is in their messages). Without a logDir
 * every logger is a no-op.
 *
 * The format is oslo.log's current default:
 * - `logging_context_format_string` = `%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s
 *   [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s`
 * - `logging_user_identity_format` = `%(user)s %(project)s %(domain)s %(system_scope)s
 *   %(user_domain)s %(project_domain)s` (None → `-`; keystonemiddleware fills the domains, so an
 *   authenticated request shows `default default`);
 * - `logging_default_format_string` (no context) = `… %(name)s [-] %(instance)s%(message)s`;
 * - `logging_exception_prefix` = `%(asctime)s.%(msecs)03d %(process)d ERROR %(name)s %(instance)s`,
 *   put before every line of an exception's traceback (no context part);
 * - `instance_format` = `[instance: %(uuid)s] `.
 *
 *     2017-05-16 00:00:30.788 25746 INFO nova.api.openstack.requestlog [None req-6a76… ee4d… 6f70… - - default default] 127.0.0.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.012345
 *     2017-05-16 00:00:30.790 25746 INFO nova.compute.manager [req-G req-6a76… ee4d… 6f70… - - default default] [instance: 9e4b…] Took 0.05 seconds to build instance.
 *     2017-05-16 00:00:30.791 25746 INFO nova.compute.manager [-] Periodic task ran.
 *     2017-05-16 00:00:30.792 25746 ERROR nova.api.wsgi [None req-… - - - - - -] Unexpected error on GET /x
 *     2017-05-16 00:00:30.792 25746 ERROR nova.api.wsgi TypeError: kaput
 *     2017-05-16 00:00:30.792 25746 ERROR nova.api.wsgi     at handler (…)
 *
 * Time is UTC. A message's own further lines are written as they are, unprefixed (Python logging
 * does not split messages); readers treat them as continuation lines.
 */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogFields {
  readonly context?: RequestContext;
  /** Instance uuid, printed as `[instance: <uuid>] `. */
  readonly instance?: string;
  /** An exception whose stack (or text) follows the message, each line behind the exception prefix. */
  readonly exception?: unknown;
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

/** Renders one record as oslo.log would; every line ends in `\n`. */
export function formatRecord(time: Date, pid: number, level: LogLevel, name: string, message: string, fields: LogFields = {}): string {
  const stamp = `${formatTime(time)} ${pid}`;
  const instance = fields.instance === undefined ? '' : `[instance: ${fields.instance}] `;
  let text = `${stamp} ${level} ${name} ${formatContext(fields.context)} ${instance}${message.replace(/\r\n/g, '\n')}\n`;
  if (fields.exception !== undefined) {
    const error = fields.exception;
    const trace = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    for (const line of trace.split(/\r?\n/)) text += `${stamp} ERROR ${name} ${instance}${line}\n`;
  }
  return text;
}

function formatContext(context: RequestContext | undefined): string {
  if (context === undefined) return '[-]';
  const value = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : '-');
  const user = value(context.user_id);
  const project = value(context.project_id);
  const userDomain = typeof context['user_domain'] === 'string' ? context['user_domain'] : user === '-' ? '-' : 'default';
  const projectDomain = typeof context['project_domain'] === 'string' ? context['project_domain'] : project === '-' ? '-' : 'default';
  return `[${context.global_request_id ?? 'None'} ${context.request_id} ${user} ${project} - - ${userDomain} ${projectDomain}]`;
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
