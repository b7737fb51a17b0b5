import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context.js';
import type { Target } from './types.js';

/**
 * The oslo.messaging wire format (openstack.md §2.2): an envelope `{"oslo.version": "2.0",
 * "oslo.message": "<JSON string>"}` around the request or reply body, with the context flattened
 * into `_context_<key>` entries. Pure functions; the transport moves only the resulting strings.
 */
export const OSLO_VERSION = '2.0';

const CONTEXT_PREFIX = '_context_';

/** oslo.messaging `pack_context`: every context key becomes `_context_<key>`. */
export function packContext(context: RequestContext): Record<string, unknown> {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(toContextDict(context))) packed[`${CONTEXT_PREFIX}${key}`] = value;
  return packed;
}

/** oslo.messaging `unpack_context`: collects the `_context_<key>` entries back into a context. */
export function unpackContext(body: Record<string, unknown>): RequestContext {
  const dict: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith(CONTEXT_PREFIX)) dict[key.slice(CONTEXT_PREFIX.length)] = value;
  }
  return {
    ...dict,
    request_id: typeof dict['request_id'] === 'string' ? dict['request_id'] : '',
    global_request_id: typeof dict['global_request_id'] === 'string' ? dict['global_request_id'] : null,
    user_id: typeof dict['user_id'] === 'string' ? dict['user_id'] : null,
    project_id: typeof dict['project_id'] === 'string' ? dict['project_id'] : null,
  };
}

/** The context as nova's `RequestContext.to_dict()` shapes it: oslo.context's keys plus nova's. */
function toContextDict(context: RequestContext): Record<string, unknown> {
  const dash = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '-');
  return {
    user: context.user_id,
    project: context.project_id,
    tenant: context.project_id,
    domain: null,
    user_domain: 'default',
    project_domain: 'default',
    is_admin: context.is_admin ?? false,
    read_only: false,
    show_deleted: false,
    auth_token: context.auth_token ?? null,
    resource_uuid: null,
    roles: context.roles ?? [],
    user_identity: `${dash(context.user_id)} ${dash(context.project_id)} - - -`,
    is_admin_project: true,
    read_deleted: 'no',
    remote_address: '127.0.0.1',
    timestamp: new Date().toISOString(),
    quota_class: null,
    service_catalog: [],
    ...context,
  };
}

export interface RequestBody {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly version: string;
  readonly namespace?: string;
  readonly msgId?: string;
  readonly replyQueue?: string;
  readonly timeoutSeconds?: number | null;
}

/** Serialises one request (`_make_message` + `serialize_msg`). `_unique_id` is fresh each time. */
export function packRequest(context: RequestContext, target: Target, body: RequestBody): string {
  const message: Record<string, unknown> = { method: body.method, args: body.args };
  if (target.namespace !== undefined) message['namespace'] = target.namespace;
  message['version'] = body.version;
  if (body.msgId !== undefined) {
    message['_msg_id'] = body.msgId;
    message['_reply_q'] = body.replyQueue;
    message['_timeout'] = body.timeoutSeconds ?? null;
  }
  message['_unique_id'] = newHexId();
  Object.assign(message, packContext(context));
  return wrap(message);
}

/** A reply body: `result` or `failure` (oslo's serialised exception, a JSON string), `ending`. */
export interface ReplyBody {
  readonly result: unknown;
  readonly failure: string | null;
  readonly ending: true;
  readonly _msg_id: string;
  readonly _unique_id: string;
}

export function packReply(msgId: string, outcome: { result: unknown } | { error: unknown }): string {
  const failure = 'error' in outcome ? serializeFailure(outcome.error) : null;
  const reply: ReplyBody = { result: 'result' in outcome ? (outcome.result ?? null) : null, failure, ending: true, _msg_id: msgId, _unique_id: newHexId() };
  return wrap(reply);
}

/** oslo.messaging `serialize_remote_exception`: class, module, message, tb, args, kwargs. */
function serializeFailure(error: unknown): string {
  const excType = error instanceof Error ? (typeof (error as { excType?: unknown }).excType === 'string' ? String((error as { excType?: unknown }).excType) : error.name) : 'Exception';
  const message = error instanceof Error ? error.message : String(error);
  const tb = error instanceof Error && error.stack !== undefined ? error.stack : '';
  return JSON.stringify({ class: excType, module: 'hoptrace.sim', message, tb: tb.split('\n'), args: [message], kwargs: {} });
}

/** Parses an envelope; throws a TypeError naming what is wrong when it is not one. */
export function unwrap(envelope: string): Record<string, unknown> {
  const outer: unknown = JSON.parse(envelope);
  if (!isRecord(outer) || outer['oslo.version'] !== OSLO_VERSION || typeof outer['oslo.message'] !== 'string') {
    throw new TypeError('not an oslo.messaging 2.0 envelope');
  }
  const inner: unknown = JSON.parse(outer['oslo.message']);
  if (!isRecord(inner)) throw new TypeError('oslo.message is not a JSON object');
  return inner;
}

function wrap(message: object): string {
  return JSON.stringify({ 'oslo.version': OSLO_VERSION, 'oslo.message': JSON.stringify(message) });
}

export function newHexId(): string {
  return randomUUID().replaceAll('-', '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
