import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import { Attr } from '../../core/attributes.js';
import { isValidRequestId, REQUEST_ID_HEADER } from '../../core/request-id.js';
import { extractTraceContext, TRACEPARENT } from '../propagation.js';
import { withSyncScope } from '../scope.js';
import { normaliseMethod } from './http-method.js';
import type { NormalisedMethod } from './http-method.js';
import { scopeRequestContext } from './request-scope.js';
import type { SubjectTokenScopes } from './subject-tokens.js';
import { routePathOf, routeTemplate } from './route.js';
import { CompactSpan } from '../span/compact-span.js';

/** What the server middleware may add from the finished exchange, e.g. nova-api's operation. */
export type ExchangeClassifier = (exchange: FinishedExchange) => Attributes;

export interface FinishedExchange {
  readonly method: string;
  readonly path: string;
  /** The body as the service's body parser left it on `req.body` (undefined when none ran). */
  readonly body: unknown;
  readonly status: number;
  readonly location?: string;
}

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
 * returned in `x-openstack-request-id`. The shim never fails a request: its own errors go to
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
      const method = normaliseMethod(req.method);
      const span = tracer.startSpan(method.spanPrefix, { kind: SpanKind.SERVER, attributes: startAttributes(req, method) }, parent);
      const scope = trace.setSpan(parent, span);
      const held = subjectTokens?.hold(req, scope);
      res.on('close', () => {
        if (held !== undefined) subjectTokens?.release(held, scope);
        endServerSpan(span, closedExchange(req, res, method.spanPrefix, classify, reportError));
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

function startAttributes(req: Request, method: NormalisedMethod): Attributes {
  const target = req.originalUrl;
  const mark = target.indexOf('?');
  const attributes: Attributes = {
    [Attr.httpMethod]: method.method,
    [Attr.urlPath]: mark === -1 ? target : target.slice(0, mark),
    [Attr.urlScheme]: 'encrypted' in req.socket ? 'https' : 'http',
  };
  if (method.original !== undefined) attributes[Attr.httpMethodOriginal] = method.original;
  if (mark !== -1 && mark < target.length - 1) attributes[Attr.urlQuery] = target.slice(mark + 1);
  const address = req.socket.remoteAddress;
  if (address !== undefined) attributes[Attr.clientAddress] = address;
  const userAgent = req.headers['user-agent'];
  if (userAgent !== undefined) attributes[Attr.userAgent] = userAgent;
  const inbound = req.headers[REQUEST_ID_HEADER];
  if (inbound !== undefined && isValidRequestId(inbound)) attributes[Attr.globalRequestId] = inbound;
  return attributes;
}

/**
 * What the server span needs from the exchange once the response has closed: plain values read
 * then (the request and response themselves are not kept), turned into the span's name and
 * attributes by `completeServerSpan`.
 */
interface ClosedExchange {
  readonly prefix: string;
  readonly method: string;
  readonly originalUrl: string;
  readonly routePath: unknown;
  readonly baseUrl: string;
  /** Undefined when no response was sent (the connection dropped first). */
  readonly status: number | undefined;
  readonly localId: string | undefined;
  /** What the classifier needs besides; only read when there is one. */
  readonly classify: ExchangeClassifier | undefined;
  readonly body: unknown;
  readonly location: string | undefined;
  readonly reportError: (error: unknown) => void;
}

function closedExchange(req: Request, res: Response, prefix: string, classify: ExchangeClassifier | undefined, reportError: (error: unknown) => void): ClosedExchange {
  const status = res.headersSent ? res.statusCode : undefined;
  const classified = classify !== undefined && status !== undefined;
  return {
    prefix,
    method: req.method,
    originalUrl: req.originalUrl,
    routePath: routePathOf(req),
    baseUrl: req.baseUrl,
    status,
    localId: headerValue(res.getHeader(REQUEST_ID_HEADER)),
    classify: classified ? classify : undefined,
    body: classified ? (req.body as unknown) : undefined,
    location: classified ? headerValue(res.getHeader('location')) : undefined,
    reportError,
  };
}

/**
 * Ends the server span. A CompactSpan (createTracing's) ends now and is completed from the
 * captured exchange when it is exported; any other span is completed first, then ended.
 */
function endServerSpan(span: Span, exchange: ClosedExchange): void {
  if (span instanceof CompactSpan) {
    span.endLater(completeServerSpan, exchange);
    return;
  }
  completeServerSpan(span, exchange);
  span.end();
}

/**
 * The span's name from the matched route (`http.route`), the status (5xx is an error, 4xx is
 * not, on a server), the local request id the service returned in `x-openstack-request-id`, and
 * the classifier's attributes. Never throws: its own errors go to `onInternalError`.
 */
function completeServerSpan(span: Span, exchange: ClosedExchange): void {
  try {
    const route = routeTemplate(exchange.routePath, exchange.baseUrl, exchange.originalUrl);
    if (route !== undefined) {
      span.updateName(`${exchange.prefix} ${route}`);
      span.setAttribute(Attr.httpRoute, route);
    }
    const status = exchange.status;
    if (status !== undefined) span.setAttribute(Attr.httpStatusCode, status);
    if (status !== undefined && status >= 500) {
      span.setAttribute(Attr.errorType, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (exchange.localId !== undefined) span.setAttribute(Attr.requestId, exchange.localId);
    if (exchange.classify !== undefined && status !== undefined) {
      const path = pathOf(exchange.originalUrl);
      span.setAttributes(exchange.classify({ method: exchange.method, path, body: exchange.body, status, ...(exchange.location === undefined ? {} : { location: exchange.location }) }));
    }
  } catch (error) {
    exchange.reportError(error); // a listener must not throw: that would crash the host
  }
}

function headerValue(value: number | string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return value === undefined ? undefined : String(value);
}

function pathOf(target: string): string {
  const mark = target.indexOf('?');
  return mark === -1 ? target : target.slice(0, mark);
}
