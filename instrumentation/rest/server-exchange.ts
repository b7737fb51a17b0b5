import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';
import { isValidRequestId, REQUEST_ID_HEADER } from '../../core/request-id.js';
import { normaliseMethod } from './http-method.js';
import { routePathOf, routeTemplate } from './route.js';

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

/**
 * A request as the server shim reads it: node's, with the fields express adds while it routes
 * the request (absent when the shim wraps the app and express has not seen the request yet).
 */
export type ServedRequest = IncomingMessage & {
  readonly originalUrl?: string;
  readonly baseUrl?: string;
  readonly route?: unknown;
  readonly body?: unknown;
};

/**
 * One request as its SERVER span needs it: plain values read from the request when it arrives
 * and from the response when it closes (the request and response themselves are not kept), and
 * the functions that turn them into the span's name and attributes. Reading is all the request
 * path does; the rest runs eagerly for an SDK span, or when the span is exported for a
 * CompactSpan (`completeServerSpan`).
 */
export class ServerExchange {
  readonly method: string;
  readonly originalUrl: string;
  readonly encrypted: boolean;
  readonly address: string | undefined;
  readonly userAgent: string | undefined;
  readonly inboundId: string | string[] | undefined;
  readonly classify: ExchangeClassifier | undefined;
  readonly reportError: (error: unknown) => void;
  closed = false;
  routePath: unknown;
  baseUrl = '';
  /** Undefined when no response was sent (the connection dropped first). */
  status: number | undefined;
  localId: string | undefined;
  body: unknown;
  location: string | undefined;

  constructor(req: ServedRequest, classify: ExchangeClassifier | undefined, reportError: (error: unknown) => void) {
    this.method = req.method ?? ''; // always set on a server's request
    this.originalUrl = req.originalUrl ?? req.url ?? '/';
    const socket = req.socket;
    this.encrypted = socket instanceof TLSSocket;
    this.address = socket.remoteAddress;
    this.userAgent = req.headers['user-agent'];
    this.inboundId = req.headers[REQUEST_ID_HEADER];
    this.classify = classify;
    this.reportError = reportError;
  }

  /** Reads what the service decided, once the response has closed. */
  close(req: ServedRequest, res: ServerResponse): void {
    this.closed = true;
    this.routePath = routePathOf(req);
    this.baseUrl = req.baseUrl ?? '';
    this.status = res.headersSent ? res.statusCode : undefined;
    this.localId = headerValue(res.getHeader(REQUEST_ID_HEADER));
    if (this.classify === undefined || this.status === undefined) return;
    this.body = req.body;
    this.location = headerValue(res.getHeader('location'));
  }
}

/** The span name before the route is known: the method's span prefix. */
export function startName(exchange: ServerExchange): string {
  return normaliseMethod(exchange.method).spanPrefix;
}

/** `http.request.method`, `url.*`, `client.address`, `user_agent.original`, the inbound global request id. */
export function startAttributes(exchange: ServerExchange): Attributes {
  const method = normaliseMethod(exchange.method);
  const target = exchange.originalUrl;
  const mark = target.indexOf('?');
  const attributes: Attributes = {
    [Attr.httpMethod]: method.method,
    [Attr.urlPath]: mark === -1 ? target : target.slice(0, mark),
    [Attr.urlScheme]: exchange.encrypted ? 'https' : 'http',
  };
  if (method.original !== undefined) attributes[Attr.httpMethodOriginal] = method.original;
  if (mark !== -1 && mark < target.length - 1) attributes[Attr.urlQuery] = target.slice(mark + 1);
  if (exchange.address !== undefined) attributes[Attr.clientAddress] = exchange.address;
  if (exchange.userAgent !== undefined) attributes[Attr.userAgent] = exchange.userAgent;
  if (isValidRequestId(exchange.inboundId)) attributes[Attr.globalRequestId] = exchange.inboundId;
  return attributes;
}

/**
 * What the closed exchange says: the span's name from the matched route (`http.route`), the
 * status (5xx is an error, 4xx is not, on a server), the local request id the service returned
 * in `x-openstack-request-id`, and the classifier's attributes. Never throws: its own errors go
 * to `onInternalError`.
 */
export function completeServerSpan(span: Span, exchange: ServerExchange): void {
  try {
    const route = routeTemplate(exchange.routePath, exchange.baseUrl, exchange.originalUrl);
    if (route !== undefined) {
      span.updateName(`${startName(exchange)} ${route}`);
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

/** A CompactSpan's whole completion, run when it is exported: the start's name and attributes, then the end's. */
export function describeServerSpan(span: Span, exchange: ServerExchange): void {
  span.updateName(startName(exchange));
  span.setAttributes(startAttributes(exchange));
  if (exchange.closed) completeServerSpan(span, exchange);
}

function headerValue(value: number | string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return value === undefined ? undefined : String(value);
}

function pathOf(target: string): string {
  const mark = target.indexOf('?');
  return mark === -1 ? target : target.slice(0, mark);
}
