import type { Attributes } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';

/**
 * What a nova-api request does to a server, as nova's instance-action names spell it
 * (`nova/compute/instance_actions.py`): `boot` for `POST /servers`, `delete`, and for
 * `POST /servers/{id}/action` the body's single key (`shelve`, `unshelve`, `reboot`, …), with the
 * `os-` and legacy spellings mapped to the action name. Requests that change no server
 * (lists, shows, flavors) get no operation.
 */
export interface NovaExchange {
  readonly method: string;
  /** The request path without query, as received (any mount prefix included). */
  readonly path: string;
  /** The parsed JSON body, when there was one. */
  readonly body: unknown;
  /** The response's `location` header: `POST /servers` names the new server there. */
  readonly location?: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SERVERS = /\/servers\/?$/;
const SERVER = /\/servers\/([^/]+)\/?$/;
const ACTION = /\/servers\/([^/]+)\/action\/?$/;
const VOLUME_ATTACHMENTS = /\/servers\/([^/]+)\/os-volume_attachments(?:\/[^/]+)?\/?$/;
const EXTERNAL_EVENTS = /\/os-server-external-events\/?$/;
const SERVER_IN_PATH = new RegExp(`/servers/(${UUID})(?:/|$)`);
const UUID_ONLY = new RegExp(`^${UUID}$`);

/** Methods (as express spells them) that change no server: no operation, no external events. */
const READS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Action body keys whose instance-action name differs from the key. */
const ACTION_NAMES: Readonly<Record<string, string>> = {
  'os-start': 'start',
  'os-stop': 'stop',
  'os-migrateLive': 'live-migration',
  'os-resetState': 'resetState',
  forceDelete: 'delete',
};

const VOLUME_OPERATIONS: Readonly<Record<string, string>> = {
  POST: 'attach_volume',
  PUT: 'swap_volume',
  DELETE: 'detach_volume',
};

/**
 * `openstack.operation` and `openstack.instance_uuid` for one nova-api exchange. An external
 * event batch from neutron (its own request id, not part of the user's flow) is tagged with the
 * server and port it reports on, when it names exactly one of each, so the analyzer can join it
 * to the flow that caused it by resource id.
 */
export function novaOperationAttributes(exchange: NovaExchange): Attributes {
  const attributes: Attributes = {};
  const reads = READS.has(exchange.method);
  const operation = reads ? undefined : novaOperation(exchange);
  if (operation !== undefined) attributes[Attr.operation] = operation;
  const external = !reads && EXTERNAL_EVENTS.test(exchange.path) ? externalEventResources(exchange.body) : {};
  const instance = instanceUuid(exchange) ?? external.instance;
  if (instance !== undefined) attributes[Attr.instanceUuid] = instance;
  if (external.port !== undefined) attributes[Attr.portId] = external.port;
  return attributes;
}

function externalEventResources(body: unknown): { instance?: string; port?: string } {
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return {};
  const only = (key: string): string | undefined => {
    const values = new Set(events.map((e) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined)));
    const [value] = values;
    return values.size === 1 && typeof value === 'string' ? value.toLowerCase() : undefined;
  };
  const instance = only('server_uuid');
  const port = only('tag');
  return { ...(instance !== undefined && UUID_ONLY.test(instance) ? { instance } : {}), ...(port === undefined ? {} : { port }) };
}

export function novaOperation({ method, path, body }: NovaExchange): string | undefined {
  const verb = method.toUpperCase();
  if (verb === 'POST' && SERVERS.test(path)) return 'boot';
  if (verb === 'POST' && ACTION.test(path)) return actionName(body);
  if (VOLUME_ATTACHMENTS.test(path)) return VOLUME_OPERATIONS[verb];
  const server = SERVER.exec(path)?.[1];
  if (verb === 'DELETE' && server !== undefined && server !== 'detail') return 'delete';
  return undefined;
}

function actionName(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return ACTION_NAMES[key] ?? key;
}

function instanceUuid({ path, location }: NovaExchange): string | undefined {
  const fromPath = SERVER_IN_PATH.exec(path)?.[1];
  if (fromPath !== undefined) return fromPath.toLowerCase();
  const fromLocation = location === undefined ? undefined : SERVER_IN_PATH.exec(safePath(location))?.[1];
  return fromLocation?.toLowerCase();
}

function safePath(location: string): string {
  try {
    return new URL(location, 'http://localhost').pathname;
  } catch {
    return UUID_ONLY.test(location) ? `/servers/${location}` : '';
  }
}
