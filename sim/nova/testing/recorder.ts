import type { HooksFactory } from '../../kit/hooks.js';

/** One RPC message as its sender sent it. */
export interface RecordedRpc {
  readonly from: string;
  readonly kind: 'call' | 'cast' | 'fanout';
  readonly topic: string;
  readonly server: string | undefined;
  readonly method: string;
  readonly requestId: string;
  readonly globalRequestId: string | null;
}

/** One database statement as a component ran it. */
export interface RecordedDb {
  readonly from: string;
  readonly operation: string;
  readonly table: string;
  readonly requestId: string;
}

/** One REST call as a component made it. */
export interface RecordedHttp {
  readonly from: string;
  readonly method: string;
  /** The URL template, e.g. `/allocations/{consumer_uuid}`. */
  readonly path: string;
  readonly requestId: string | undefined;
  /** The `X-OpenStack-Request-ID` the call carried, if any. */
  readonly sentRequestId: string | undefined;
}

export interface Recording {
  readonly hooksFor: HooksFactory;
  readonly rpc: RecordedRpc[];
  readonly db: RecordedDb[];
  readonly http: RecordedHttp[];
}

/**
 * A ServiceHooks factory that records every RPC message each component sends (in send order),
 * every database statement it runs and every REST call it makes: the ground truth for sequence
 * tests, no tracing involved.
 */
export function recordingHooks(): Recording {
  const rpc: RecordedRpc[] = [];
  const db: RecordedDb[] = [];
  const http: RecordedHttp[] = [];
  const hooksFor: HooksFactory = (instance) => ({
    wrapHttpClient: (client) => async (request) => {
      const sent = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-openstack-request-id')?.[1];
      http.push({ from: instance.service, method: request.method, path: request.urlTemplate ?? new URL(request.url).pathname, requestId: request.context?.request_id, sentRequestId: sent });
      return client(request);
    },
    wrapRpcClient: (client) => ({
      call: (context, target, method, args, options) => {
        rpc.push({ from: instance.service, kind: 'call', topic: target.topic, server: target.server, method, requestId: context.request_id, globalRequestId: context.global_request_id });
        return client.call(context, target, method, args, options);
      },
      cast: (context, target, method, args) => {
        rpc.push({ from: instance.service, kind: target.fanout ? 'fanout' : 'cast', topic: target.topic, server: target.server, method, requestId: context.request_id, globalRequestId: context.global_request_id });
        return client.cast(context, target, method, args);
      },
    }),
    wrapDb: (inner) => ({
      run: (context, statement, work) => {
        db.push({ from: instance.service, operation: statement.operation, table: statement.table, requestId: context.request_id });
        return inner.run(context, statement, work);
      },
    }),
  });
  return { hooksFor, rpc, db, http };
}
