import { SpanKind, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';
import { COMPUTE_REQUEST_ID_HEADER, REQUEST_ID_HEADER } from '../../core/request-id.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../sim/kit/http-client.js';
import { injectSpanContext, withoutTraceHeaders } from '../propagation.js';
import { addRequestIds } from '../request-ids.js';
import { parentOf } from '../scope.js';
import { markError, traceCall } from '../traced-call.js';
import type { ShimOptions } from '../traced-call.js';
import { normaliseMethod } from './http-method.js';
import type { SubjectTokenScopes } from './subject-tokens.js';

/**
 * Decorates an HttpClient so every call is a CLIENT span named `{METHOD} {url.template}` (just
 * `{METHOD}` without a template), child of the span of the request it is made for (`parentOf`,
 * see `scope.ts`). The span's context goes out as a
 * W3C `traceparent` header beside the service's own `X-OpenStack-Request-ID`; any
 * `traceparent` the caller put in the headers is replaced. The span records the caller's request
 * ids (from `request.context`) and the id the callee returned (`openstack.callee_request_id`).
 * A call without a RequestContext (keystonemiddleware's token check) parents on the synchronous
 * scope, else on the request holding its `X-Subject-Token` (`subjectTokens`).
 * A 4xx or 5xx answer marks the span failed (client side) but is returned unchanged; a network
 * error marks it failed and is rethrown.
 */
export interface HttpClientTracingOptions extends ShimOptions {
  /** Shared with the component's server middleware: parents keystonemiddleware's token check. */
  readonly subjectTokens?: SubjectTokenScopes;
}

export function traceHttpClient(tracer: Tracer, options: HttpClientTracingOptions = {}): (client: HttpClient) => HttpClient {
  const parentFor = (request: HttpRequest): Context => {
    const parent = parentOf(request.context);
    if (request.context !== undefined || options.subjectTokens === undefined || trace.getSpan(parent) !== undefined) return parent;
    return options.subjectTokens.scopeFor(request.headers) ?? parent;
  };
  return (client) => (request) =>
    traceCall(
      () => {
        const method = normaliseMethod(request.method);
        const name = request.urlTemplate === undefined ? method.spanPrefix : `${method.spanPrefix} ${request.urlTemplate}`;
        const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: requestAttributes(request, method.method) }, parentFor(request));
        const headers = withoutTraceHeaders(request.headers);
        injectSpanContext(span.spanContext(), headers);
        return {
          span,
          run() {
            return client({ ...request, headers });
          },
          record(response: HttpResponse) {
            recordResponse(span, response);
          },
        };
      },
      () => client(request),
      options.onInternalError,
    );
}

function requestAttributes(request: HttpRequest, method: string): Attributes {
  const attributes = addRequestIds({ [Attr.httpMethod]: method, [Attr.urlFull]: request.url }, request.context);
  if (request.urlTemplate !== undefined) attributes[Attr.urlTemplate] = request.urlTemplate;
  const server = serverOf(request.url);
  if (server !== undefined) {
    attributes[Attr.serverAddress] = server.address;
    attributes[Attr.serverPort] = server.port;
  }
  return attributes;
}

interface Server {
  readonly address: string;
  readonly port: number;
}

/** scheme, host (IPv6 in brackets) and port of an absolute http(s) URL; cheaper than `new URL`. */
const AUTHORITY = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i;

/** Servers by URL origin: a component calls a handful of endpoints, so each is parsed once. */
const servers = new Map<string, Server | undefined>();
const MAX_SERVERS = 1024;

/** `server.address` and `server.port` of an absolute http(s) URL; undefined for anything else. */
function serverOf(url: string): Server | undefined {
  const origin = originOf(url);
  if (servers.has(origin)) return servers.get(origin);
  const authority = AUTHORITY.exec(origin);
  const server =
    authority === null
      ? undefined
      : { address: (authority[2] ?? '').replace(/^\[|\]$/g, ''), port: authority[3] === undefined ? (authority[1]!.toLowerCase() === 'https' ? 443 : 80) : Number(authority[3]) };
  if (servers.size < MAX_SERVERS) servers.set(origin, server);
  return server;
}

/** `url` up to the end of its authority: the first `/`, `?` or `#` after `//`. */
function originOf(url: string): string {
  const start = url.indexOf('//');
  if (start === -1) return url;
  for (let i = start + 2; i < url.length; i += 1) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) return url.slice(0, i);
  }
  return url;
}

function recordResponse(span: Span, response: HttpResponse): void {
  span.setAttribute(Attr.httpStatusCode, response.status);
  const callee = response.headers[REQUEST_ID_HEADER] ?? response.headers[COMPUTE_REQUEST_ID_HEADER];
  if (callee !== undefined) span.setAttribute(Attr.calleeRequestId, callee);
  if (response.status >= 400) markError(span, String(response.status));
}
