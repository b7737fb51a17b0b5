import { globalId } from './context.js';
import { createDb } from './db.js';
import type { Db } from './db.js';
import type { CloudEnvironment, RestService } from './environment.js';
import type { ComponentInstance, ServiceHooks } from './hooks.js';
import { createHttpClient } from './http-client.js';
import type { HttpClient } from './http-client.js';
import { createRpcClient } from './rpc/client.js';
import { startRpcServer } from './rpc/server.js';
import type { RpcServer } from './rpc/server.js';
import type { RpcClient, RpcDispatcher } from './rpc/types.js';

/**
 * The layers a component builds, each passed through the component's hooks exactly once. The
 * hooks of one instance are asked for once per environment and reused.
 */
const hooksCache = new WeakMap<CloudEnvironment, Map<string, ServiceHooks>>();

export function hooksOf(env: CloudEnvironment, instance: ComponentInstance): ServiceHooks {
  let perEnv = hooksCache.get(env);
  if (perEnv === undefined) hooksCache.set(env, (perEnv = new Map()));
  const key = `${instance.service}@${instance.host}`;
  let hooks = perEnv.get(key);
  if (hooks === undefined) perEnv.set(key, (hooks = env.hooksFor(instance)));
  return hooks;
}

/** keystoneauth's service types, for the `… call to <service-type> for <url> …` log line. */
const SERVICE_TYPES: Record<RestService, string> = {
  keystone: 'identity',
  'nova-api': 'compute',
  glance: 'image',
  neutron: 'network',
  placement: 'placement',
  cinder: 'block-storage',
};

const USER_AGENT = 'keystoneauth1/5.8.0 python-requests/2.32.3 CPython/3.12.3';

/**
 * The HTTP client a component calls other services with, as nova's keystoneauth adapters do:
 * sends `X-OpenStack-Request-ID: <global id of request.context>` (when there is a context and the
 * caller set no such header), `X-Auth-Token: <service token>` (unless set), `Accept:
 * application/json`, and logs keystoneauth's `<METHOD> call to <service-type> for <url> used
 * request id <id>` at DEBUG under `keystoneauth.session`. The component's `wrapHttpClient` hook
 * sees the request with these headers.
 */
export function createComponentHttpClient(env: CloudEnvironment, instance: ComponentInstance): HttpClient {
  const base = createHttpClient();
  const inner = hooksOf(env, instance).wrapHttpClient?.(base) ?? base;
  const log = env.logs.forService(instance.service).logger('keystoneauth.session');
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers };
    const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
    if (request.context !== undefined && !has('x-openstack-request-id')) headers['X-OpenStack-Request-ID'] = globalId(request.context);
    if (!has('x-auth-token')) headers['X-Auth-Token'] = env.serviceAuth.token;
    if (!has('accept')) headers['Accept'] = 'application/json';
    if (!has('user-agent')) headers['User-Agent'] = `${instance.service} ${USER_AGENT}`;
    const response = await inner({ ...request, headers });
    const calleeId = response.headers['x-openstack-request-id'] ?? response.headers['x-compute-request-id'];
    if (calleeId !== undefined) {
      const fields = request.context === undefined ? {} : { context: request.context };
      log.debug(`${request.method.toUpperCase()} call to ${serviceTypeOf(env, request.url)} for ${request.url} used request id ${calleeId}`, fields);
    }
    return response;
  };
}

function serviceTypeOf(env: CloudEnvironment, url: string): string {
  for (const [service, root] of Object.entries(env.endpoints) as [RestService, string][]) {
    if (root !== '' && url.startsWith(root)) return SERVICE_TYPES[service];
  }
  return 'unknown';
}

/** The component's database access, through its `wrapDb` hook. */
export function createComponentDb(env: CloudEnvironment, instance: ComponentInstance): Db {
  const base = createDb();
  return hooksOf(env, instance).wrapDb?.(base) ?? base;
}

/** The component's RPC client on the cloud's transport, through its `wrapRpcClient` hook. */
export function createComponentRpcClient(env: CloudEnvironment, instance: ComponentInstance): RpcClient {
  const base = createRpcClient(env.transport, instance, { defaultTimeoutMs: env.timing.rpcTimeoutMs });
  return hooksOf(env, instance).wrapRpcClient?.(base) ?? base;
}

/**
 * Starts the component's RPC server on `topic` (server = the instance's host) with the dispatcher
 * passed through its `wrapDispatcher` hook. Casts that raise and malformed envelopes are logged
 * as ERROR under `oslo_messaging.rpc.server`, with the traceback, and counted in the server's stats.
 */
export function startComponentRpcServer(env: CloudEnvironment, instance: ComponentInstance, topic: string, dispatcher: RpcDispatcher): RpcServer {
  const wrapped = hooksOf(env, instance).wrapDispatcher?.(dispatcher) ?? dispatcher;
  const log = env.logs.forService(instance.service).logger('oslo_messaging.rpc.server');
  return startRpcServer(env.transport, { topic, server: instance.host }, wrapped, {
    onError: (error, message) => {
      if (message === undefined) log.error('Malformed message refused', { exception: error });
      else log.error(`Exception during message handling: ${message.method}`, { context: message.context, exception: error });
    },
  });
}
