import { SpanKind } from '@opentelemetry/api';
import type { Attributes, Link, Tracer } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';
import type { IncomingMessage, RpcDispatcher } from '../../sim/kit/rpc/types.js';
import { extractTraceContext, remoteSpanContext, withoutTraceContext } from '../propagation.js';
import { addRequestIds } from '../request-ids.js';
import { attachScope } from '../scope.js';
import { spanScope } from '../span/span-scope.js';
import { traceCall } from '../traced-call.js';
import type { ShimOptions } from '../traced-call.js';
import { addInstanceAttribute, listenerDestination, rpcAttributes, rpcSpanName } from './attributes.js';

/**
 * Decorates an RpcDispatcher: a call becomes a SERVER span, a cast or fanout cast a CONSUMER
 * span, each covering the method's execution. The parent is the `traceparent` found in the
 * message context; a CONSUMER also links to it (the messaging conventions' default correlation,
 * kept beside the parent so either reading works). Without a valid `traceparent` (an
 * uninstrumented caller, a dropped context) the span roots a new trace, yet still carries the
 * request ids from the context, which is how the analyzer stitches it back into its flow.
 *
 * The method receives the message with `traceparent`/`tracestate` removed from its context, so a
 * service that forwards its context never forwards a stale trace parent, and with the span
 * attached to that context (see `scope.ts`), so what the method does for it is the span's child.
 */
export function traceDispatcher(tracer: Tracer, options: ShimOptions = {}): (dispatcher: RpcDispatcher) => RpcDispatcher {
  return (dispatcher) => (message) =>
    traceCall(
      () => {
        const parent = extractTraceContext(message.context);
        const remote = remoteSpanContext(parent);
        const isCall = message.kind === 'call';
        const links: Link[] = !isCall && remote !== undefined ? [{ context: remote }] : [];
        const kind = isCall ? SpanKind.SERVER : SpanKind.CONSUMER;
        const span = tracer.startSpan(rpcSpanName(message.target.topic, message.method), { kind, attributes: messageAttributes(message), links }, parent);
        const active = spanScope(parent, span);
        const untraced = { ...message, context: withoutTraceContext(message.context) };
        attachScope(untraced.context, active);
        return {
          span,
          active,
          run() {
            return dispatcher(untraced);
          },
        };
      },
      () => dispatcher(message),
      options.onInternalError,
    );
}

function messageAttributes(message: IncomingMessage): Attributes {
  const fanout = message.kind === 'fanout';
  const { topic, version, namespace } = message.target;
  const verb = message.kind === 'call' ? 'call' : 'cast';
  const attributes = rpcAttributes({ topic, method: message.method, verb, fanout, side: 'process', destination: listenerDestination(topic, fanout), version, namespace });
  addInstanceAttribute(addRequestIds(attributes, message.context), message.args);
  if (message.uniqueId !== '') attributes[Attr.messagingMessageId] = message.uniqueId;
  if (message.msgId !== undefined) attributes[Attr.messagingConversationId] = message.msgId;
  return attributes;
}
