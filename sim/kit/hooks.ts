import type { RequestListener } from 'node:http';
import type { RequestHandler } from 'express';
import type { Db } from './db.js';
import type { HttpClient } from './http-client.js';
import type { RpcClient, RpcDispatcher } from './rpc/types.js';

/**
 * How a service is wrapped once at start-up, for tracing or anything else cross-cutting. Every
 * member is optional; an empty object leaves the service untouched. The simulated services never
 * import instrumentation/: the cloud's assembler asks for one ServiceHooks per component instance
 * and applies it to the layers that instance builds.
 */
export interface ServiceHooks {
  /** Installed first on the service's express app (before request-id and auth). */
  readonly serverMiddleware?: RequestHandler;
  /**
   * Wraps the service's whole request listener (its express app, as node:http calls it) once,
   * when the app is built; `listen` serves the wrapped listener. It sees every request before
   * express does (`req`/`res` are still node's IncomingMessage/ServerResponse; express's own
   * fields such as `req.route` are there once the response has closed), and costs no router
   * layer per request, unlike `serverMiddleware`. A service may be given both; this one runs first.
   */
  readonly wrapRequestListener?: (listener: RequestListener) => RequestListener;
  readonly wrapHttpClient?: (client: HttpClient) => HttpClient;
  readonly wrapRpcClient?: (client: RpcClient) => RpcClient;
  readonly wrapDispatcher?: (dispatcher: RpcDispatcher) => RpcDispatcher;
  readonly wrapDb?: (db: Db) => Db;
}

/** Identifies one component instance: a service name, plus the host for nova-compute. */
export interface ComponentInstance {
  readonly service: string;
  readonly host: string;
}

export type HooksFactory = (instance: ComponentInstance) => ServiceHooks;
