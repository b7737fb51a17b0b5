import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import { CompactSpan } from '../span/compact-span.js';
import { CompactTracer } from '../span/compact-tracer.js';
import { spanScope } from '../span/span-scope.js';
import { extractTraceContext, TRACEPARENT } from '../propagation.js';
import { withSyncScope } from '../scope.js';
import { scopeRequestContext } from './request-scope.js';
import { completeServerSpan, describeServerSpan, ServerExchange, startAttributes, startName } from './server-exchange.js';
import type { ExchangeClassifier } from './server-exchange.js';
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
 * Express middleware that turns every request into a SERVER span. Install it first, before the
 * request-id and auth middleware: it parents the span on the inbound W3C `traceparent` (a root
 * span when there is none, as with the real OpenStack clients), attaches the span's context to
 * the request's RequestContext (so every call the service makes for the request is its child,
 * without an async context manager; see `scope.ts`), runs the rest of the middleware chain with
 * it as the synchronous scope and the active context, and ends the span when the response closes (Node emits `close` after
 * the response is sent, and also when the connection drops first). At the end it reads what the
 * service decided: the matched route (`http.route` and the span name `{METHOD} {route}`), the
 * status (5xx is an error, 4xx is not, on a server) and the local request id the service
 * returned in `x-openstack-request-id`. On the request path the shim only reads those values
 * (`ServerExchange`); with createTracing's CompactSpan, the name and attributes are made from
 * them when the span is exported. The shim never fails a request: its own errors go to
 * `onInternalError`.
 */
export function restServerMiddleware(tracer: Tracer, options: RestServerOptions = {}): RequestHandler {
  const reportError = options.onInternalError ?? (() => undefined);
  const subjectTokens = options.subjectTokens;
  const classify = options.classify;
  return (req, res, next) => {
    let active: Context;
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
      active = scope;
    } catch (error) {
      reportError(error);
      next();
      return;
    }
    withSyncScope(active, next);
  };
}

/** A CompactSpan starts bare and is described when exported; any other span gets its attributes now. */
function startServerSpan(tracer: Tracer, exchange: ServerExchange, parent: Context): Span {
  if (tracer instanceof CompactTracer) return tracer.startKind(SpanKind.SERVER, parent);
  return tracer.startSpan(startName(exchange), { kind: SpanKind.SERVER, attributes: startAttributes(exchange) }, parent);
}

function endServerSpan(span: Span, exchange: ServerExchange, req: Request, res: Response): void {
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
