import { SpanKind, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';
import { COMPUTE_REQUEST_ID_HEADER, REQUEST_ID_HEADER } from '../../core/request-id.js';
import type { HttpClient, HttpRequest } from '../../sim/kit/http-client.js';
import { injectTraceparent, withoutTraceHeaders } from '../propagation.js';
import { CompactSpan } from '../span/compact-span.js';
import { CompactTracer } from '../span/compact-tracer.js';
import { addRequestIds } from '../request-ids.js';
import { parentOf } from '../scope.js';
import { markError, runInSpan } from '../traced-call.js';
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
 * error marks it failed and is rethrown. On the request path the shim reads what it needs
 * (`ClientCall`); with createTracing's CompactSpan, name and attributes are made when exported.
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
  const compact = tracer instanceof CompactTracer ? tracer : undefined;
  return (client) => (request) => {
    let span: Span;
    let call: ClientCall;
    let headers: Record<string, string>;
    try {
      call = new ClientCall(request);
      span = compact !== undefined ? compact.startKind(SpanKind.CLIENT, parentFor(request)) : tracer.startSpan(spanName(call), { kind: SpanKind.CLIENT, attributes: requestAttributes(call) }, parentFor(request));
      if (span instanceof CompactSpan) span.completeWhenRead(describeClientSpan, call);
      headers = withoutTraceHeaders(request.headers);
      injectTraceparent(span, headers);
    } catch (error) {
      options.onInternalError?.(error); // the call goes on untraced
      return client(request);
    }
    return runInSpan(span, undefined, () => client({ ...request, headers }), (response) => {
      call.status = response.status;
      call.calleeId = response.headers[REQUEST_ID_HEADER] ?? response.headers[COMPUTE_REQUEST_ID_HEADER];
      if (!(span instanceof CompactSpan)) recordResponse(span, call);
    });
  };
}

/**
 * One outgoing call as its CLIENT span needs it: what the request said when it was made (its
 * request ids included) and what the response said. A CompactSpan is described from it when it
 * is exported (`describeClientSpan`); any other span gets the same attributes as they happen.
 */
class ClientCall {
  readonly method: string;
  readonly url: string;
  readonly urlTemplate: string | undefined;
  readonly requestId: unknown;
  readonly globalRequestId: unknown;
  /** Undefined until a response arrived (none on a network error). */
  status: number | undefined;
  calleeId: string | undefined;

  constructor(request: HttpRequest) {
    this.method = request.method;
    this.url = request.url;
    this.urlTemplate = request.urlTemplate;
    this.requestId = request.context?.request_id;
    this.globalRequestId = request.context?.global_request_id;
  }
}

function spanName(call: ClientCall): string {
  const prefix = normaliseMethod(call.method).spanPrefix;
  return call.urlTemplate === undefined ? prefix : `${prefix} ${call.urlTemplate}`;
}

function describeClientSpan(span: Span, call: ClientCall): void {
  span.updateName(spanName(call));
  span.setAttributes(requestAttributes(call));
  recordResponse(span, call);
}

function requestAttributes(call: ClientCall): Attributes {
  const attributes = addRequestIds({ [Attr.httpMethod]: normaliseMethod(call.method).method, [Attr.urlFull]: call.url }, { request_id: call.requestId, global_request_id: call.globalRequestId });
  if (call.urlTemplate !== undefined) attributes[Attr.urlTemplate] = call.urlTemplate;
  const server = serverOf(call.url);
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

function recordResponse(span: Span, call: ClientCall): void {
  if (call.status === undefined) return;
  span.setAttribute(Attr.httpStatusCode, call.status);
  if (call.calleeId !== undefined) span.setAttribute(Attr.calleeRequestId, call.calleeId);
  if (call.status >= 400) markError(span, String(call.status));
}
