import type { RequestListener, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { CompactSpan } from '../span/compact-span.js';
import { CompactTracer } from '../span/compact-tracer.js';
import { spanScope } from '../span/span-scope.js';
import { extractTraceContext, TRACEPARENT } from '../propagation.js';
import { withSyncScope } from '../scope.js';
import { scopeRequestContext } from './request-scope.js';
import { completeServerSpan, describeServerSpan, ServerExchange, startAttributes, startName } from './server-exchange.js';
import type { ExchangeClassifier, ServedRequest } from './server-exchange.js';
import type { SubjectTokenScopes } from './subject-tokens.js';

export type { ExchangeClassifier, FinishedExchange } from './server-exchange.js';

export interface RestServerOptions {
  /** Extra attributes from the finished exchange (nova-api: `openstack.operation`, `instance_uuid`). */
  readonly classify?: ExchangeClassifier;
  /** Told when the shim itself fails; the request then goes on untraced (or its span ends early). */
  readonly onInternalError?: (error: unknown) => void;
  /** Shared with the component's HTTP client shim: parents keystonemiddleware's token check. */
  readonly subjectTokens?: SubjectTokenScopes;
}

/**
 * Wraps a service's request listener (its express app, as node:http calls it) so that every
 * request becomes a SERVER span: the `wrapRequestListener` hook. Same spans as
 * `restServerMiddleware`, without being a layer of the app's router (see `serverSpanStarter`).
 */
export function restServerListener(tracer: Tracer, options: RestServerOptions = {}): (listener: RequestListener) => RequestListener {
  const start = serverSpanStarter(tracer, options);
  return (listener) => (req, res) => {
    const scope = start(req, res);
    if (scope === undefined) listener(req, res);
    else withSyncScope(scope, () => listener(req, res));
  };
}

/**
 * Express middleware that turns every request into a SERVER span; install it first, before the
 * request-id and auth middleware. Same spans as `restServerListener` (see `serverSpanStarter`).
 */
export function restServerMiddleware(tracer: Tracer, options: RestServerOptions = {}): RequestHandler {
  const start = serverSpanStarter(tracer, options);
  return (req, res, next) => {
    const scope = start(req, res);
    if (scope === undefined) next();
    else withSyncScope(scope, next);
  };
}

/**
 * Starts the SERVER span of a request that has not reached the service yet and returns its
 * scope, for the caller to run the rest of the request with as the synchronous scope and the
 * active context (`withSyncScope`); undefined when the shim failed (the request goes on
 * untraced, the error goes to `onInternalError`).
 *
 * The span parents on the inbound W3C `traceparent` (a root span when there is none, as with
 * the real OpenStack clients). Its scope is attached to the request's RequestContext (so every
 * call the service makes for the request is its child, without an async context manager; see
 * `scope.ts`). The span ends when the response closes (Node emits `close` after the response is
 * sent, and also when the connection drops first). At the end it reads what the service decided:
 * the route express matched (`http.route` and the span name `{METHOD} {route}`), the status (5xx
 * is an error, 4xx is not, on a server) and the local request id the service returned in
 * `x-openstack-request-id`. On the request path the shim only reads those values
 * (`ServerExchange`); with createTracing's CompactSpan, the name and attributes are made from
 * them when the span is exported. The shim never fails a request.
 */
function serverSpanStarter(tracer: Tracer, options: RestServerOptions): (req: ServedRequest, res: ServerResponse) => Context | undefined {
  const reportError = options.onInternalError ?? (() => undefined);
  const subjectTokens = options.subjectTokens;
  const classify = options.classify;
  return (req, res) => {
    try {
      const parent = req.headers[TRACEPARENT] === undefined ? ROOT_CONTEXT : extractTraceContext(req.headers); // the real clients send none
      const exchange = new ServerExchange(req, classify, reportError);
      const span = startServerSpan(tracer, exchange, parent);
      const scope = spanScope(parent, span);
      const held = subjectTokens?.hold(req, scope);
      res.on('close', () => {
        if (held !== undefined) subjectTokens?.release(held, scope);
        endServerSpan(span, exchange, req, res);
      });
      scopeRequestContext(res, scope);
      return scope;
    } catch (error) {
      reportError(error);
      return undefined;
    }
  };
}

/** A CompactSpan starts bare and is described when exported; any other span gets its attributes now. */
function startServerSpan(tracer: Tracer, exchange: ServerExchange, parent: Context): Span {
  if (tracer instanceof CompactTracer) return tracer.startKind(SpanKind.SERVER, parent);
  return tracer.startSpan(startName(exchange), { kind: SpanKind.SERVER, attributes: startAttributes(exchange) }, parent);
}

function endServerSpan(span: Span, exchange: ServerExchange, req: ServedRequest, res: ServerResponse): void {
  try {
    exchange.close(req, res);
  } catch (error) {
    exchange.reportError(error);
  }
  if (span instanceof CompactSpan) {
    span.endLater(describeServerSpan, exchange);
    return;
  }
  completeServerSpan(span, exchange);
  span.end();
}
