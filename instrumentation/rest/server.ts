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
import { matchedRoute } from './route.js';

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
  return (req, res, next) => {
    let active: Context;
    try {
      const parent = req.headers[TRACEPARENT] === undefined ? ROOT_CONTEXT : extractTraceContext(req.headers); // the real clients send none
      const method = normaliseMethod(req.method);
      const url = splitUrl(req.originalUrl);
      const span = tracer.startSpan(method.spanPrefix, { kind: SpanKind.SERVER, attributes: startAttributes(req, url, method) }, parent);
      const scope = trace.setSpan(parent, span);
      const held = subjectTokens?.hold(req, scope);
      res.on('close', () => {
        if (held !== undefined) subjectTokens?.release(held, scope);
        finishSpan(span, req, res, url.path, method.spanPrefix, options.classify, reportError);
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

function startAttributes(req: Request, url: PathAndQuery, method: NormalisedMethod): Attributes {
  const attributes: Attributes = {
    [Attr.httpMethod]: method.method,
    [Attr.urlPath]: url.path,
    [Attr.urlScheme]: 'encrypted' in req.socket ? 'https' : 'http',
  };
  if (method.original !== undefined) attributes[Attr.httpMethodOriginal] = method.original;
  if (url.query !== '') attributes[Attr.urlQuery] = url.query;
  const address = req.socket.remoteAddress;
  if (address !== undefined) attributes[Attr.clientAddress] = address;
  const userAgent = req.headers['user-agent'];
  if (userAgent !== undefined) attributes[Attr.userAgent] = userAgent;
  const inbound = req.headers[REQUEST_ID_HEADER];
  if (isValidRequestId(inbound)) attributes[Attr.globalRequestId] = inbound;
  return attributes;
}

function finishSpan(span: Span, req: Request, res: Response, path: string, prefix: string, classify: ExchangeClassifier | undefined, reportError: (error: unknown) => void): void {
  try {
    const route = matchedRoute(req);
    if (route !== undefined) {
      span.updateName(`${prefix} ${route}`);
      span.setAttribute(Attr.httpRoute, route);
    }
    const status = res.headersSent ? res.statusCode : undefined;
    if (status !== undefined) span.setAttribute(Attr.httpStatusCode, status);
    if (status !== undefined && status >= 500) {
      span.setAttribute(Attr.errorType, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    const localId = headerValue(res.getHeader(REQUEST_ID_HEADER));
    if (localId !== undefined) span.setAttribute(Attr.requestId, localId);
    if (classify !== undefined && status !== undefined) {
      const location = headerValue(res.getHeader('location'));
      span.setAttributes(classify({ method: req.method, path, body: req.body as unknown, status, ...(location === undefined ? {} : { location }) }));
    }
  } catch (error) {
    reportError(error); // a listener must not throw: that would crash the host
  } finally {
    span.end();
  }
}

function headerValue(value: number | string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return value === undefined ? undefined : String(value);
}

interface PathAndQuery {
  readonly path: string;
  readonly query: string;
}

/** Splits a request target without URL parsing, which could reinterpret `//host/...` paths. */
function splitUrl(target: string): PathAndQuery {
  const mark = target.indexOf('?');
  return mark === -1 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}
