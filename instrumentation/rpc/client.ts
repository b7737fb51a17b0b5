import { SpanKind } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import type { RequestContext } from '../../sim/kit/context.js';
import type { RpcClient, Target } from '../../sim/kit/rpc/types.js';
import { injectSpanContext, withoutTraceContext } from '../propagation.js';
import { addRequestIds } from '../request-ids.js';
import { parentOf } from '../scope.js';
import { traceCall } from '../traced-call.js';
import { addInstanceAttribute, rpcAttributes, rpcSpanName, senderDestination, stateAttributes } from './attributes.js';
import { STATE_EVENT, stateChangeOf } from './instance.js';
import type { RpcVerb } from './attributes.js';

/** One RPC hop as the fault switch sees it. */
export interface RpcHopDescription {
  /** The sending component's service name. */
  readonly from: string;
  readonly target: Target;
  readonly method: string;
}

/** Returns true to send this hop without trace context (request ids still travel). */
export type DropContext = (hop: RpcHopDescription) => boolean;

export interface RpcClientTracingOptions {
  /** The sending component, for `dropContext`. */
  readonly service: string;
  readonly dropContext?: DropContext;
  /** Told when the shim fails (a throwing `dropContext` included); the hop then keeps its trace context or goes untraced. */
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * Decorates an RpcClient: `call` becomes a CLIENT span covering the wait for the reply, `cast`
 * (fanout included) a PRODUCER span covering the hand-off only, child of the span of the
 * request it is sent for (`parentOf`, see `scope.ts`). The span's context travels as
 * `traceparent` in a COPY of the RequestContext (on the wire `_context_traceparent`); the
 * caller's context object is never modified. A stale `traceparent` inherited from an earlier hop
 * is always removed, and when `dropContext` says so none is added, so the callee starts a new
 * trace that still carries the request ids. The server the message is about, when it names one,
 * is recorded as `openstack.instance_uuid`; a state the caller saves through `object_action` is
 * recorded as an `instance.state` event with `openstack.vm_state` / `openstack.task_state`.
 */
export function traceRpcClient(tracer: Tracer, options: RpcClientTracingOptions): (client: RpcClient) => RpcClient {
  const shouldDrop = (hop: RpcHopDescription): boolean => {
    try {
      return options.dropContext?.(hop) === true;
    } catch (error) {
      options.onInternalError?.(error);
      return false;
    }
  };
  const send = <T>(verb: RpcVerb, requestContext: RequestContext, target: Target, method: string, args: Record<string, unknown>, run: (ctx: RequestContext) => Promise<T>): Promise<T> =>
    traceCall(
      () => {
        const fanout = verb === 'cast' && target.fanout === true;
        const hop = { topic: target.topic, method, verb, fanout, side: 'send' as const, destination: senderDestination(target), version: target.version, namespace: target.namespace };
        const attributes = addInstanceAttribute(addRequestIds(rpcAttributes(hop), requestContext), args);
        const kind = verb === 'call' ? SpanKind.CLIENT : SpanKind.PRODUCER;
        const span = tracer.startSpan(rpcSpanName(target.topic, method), { kind, attributes }, parentOf(requestContext));
        const state = stateChangeOf(args);
        if (state !== undefined) span.addEvent(STATE_EVENT, stateAttributes(state));
        const outgoing = withoutTraceContext(requestContext);
        if (!shouldDrop({ from: options.service, target, method })) injectSpanContext(span.spanContext(), outgoing);
        return {
          span,
          run() {
            return run(outgoing);
          },
        };
      },
      () => run(requestContext),
      options.onInternalError,
    );
  return (client) => ({
    call: (requestContext, target, method, args, callOptions) => send('call', requestContext, target, method, args, (ctx) => client.call(ctx, target, method, args, callOptions)),
    cast: (requestContext, target, method, args) => send('cast', requestContext, target, method, args, (ctx) => client.cast(ctx, target, method, args)),
  });
}
