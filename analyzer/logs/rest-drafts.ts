/**
 * REST hops from log records. nova's access line becomes the callee's SERVER span (it is printed
 * when the response is done, with the time taken, so the span ends at the record); keystoneauth's
 * "used request id" line becomes the caller's CLIENT span. The two are paired exactly by the
 * request id the callee minted; a callee whose caller logged nothing gets a synthesized, inferred
 * CLIENT half in the service that owns its global request id.
 */
import { Attr } from '../../core/attributes.js';
import { SpanKind } from '../../core/span.js';
import { templatePath } from '../reconstruct/operation-name.js';
import type { Draft } from './draft.js';
import { contextAttributes, recordAttributes } from './draft.js';
import type { LogEvent } from './group.js';
import { serviceOfType } from './topology.js';

export function serverDraft(e: LogEvent, spanId: string): Draft {
  const access = e.facts.access!;
  const route = templatePath(access.path);
  const attributes = recordAttributes(e);
  attributes[Attr.httpMethod] = access.method;
  // No `http.route`: the log has the path, not the route that matched it. The span is named by the
  // path with ids templated, and the analyzer prefers a traced caller's `url.template` when paired.
  attributes[Attr.urlPath] = access.path;
  if (access.query !== '') attributes[Attr.urlQuery] = access.query;
  attributes[Attr.httpStatusCode] = access.status;
  attributes[Attr.clientAddress] = access.clientAddress;
  if (access.status >= 500) attributes[Attr.errorType] = String(access.status);
  const end = e.record.timeUs;
  return {
    spanId,
    parentSpanId: '',
    name: `${access.method} ${route}`,
    kind: SpanKind.SERVER,
    startUs: end - access.durationUs,
    endUs: end,
    service: e.service,
    pid: e.record.pid,
    error: access.status >= 500,
    attributes,
    links: [],
    entry: true,
    event: e,
  };
}

export function clientDraft(e: LogEvent, spanId: string): Draft {
  const callee = e.facts.callee!;
  const attributes = recordAttributes(e);
  attributes[Attr.httpMethod] = callee.method;
  attributes[Attr.urlFull] = callee.url;
  attributes[Attr.calleeRequestId] = callee.calleeRequestId;
  const peer = serviceOfType(callee.serviceType);
  if (peer !== undefined) attributes[Attr.peerService] = peer;
  const url = safeUrl(callee.url);
  if (url !== undefined) {
    attributes[Attr.serverAddress] = url.hostname;
    if (url.port !== '') attributes[Attr.serverPort] = Number(url.port);
    attributes[Attr.urlTemplate] = templatePath(url.pathname);
  }
  return {
    spanId,
    parentSpanId: '',
    name: url === undefined ? callee.method : `${callee.method} ${templatePath(url.pathname)}`,
    kind: SpanKind.CLIENT,
    startUs: e.record.timeUs,
    endUs: e.record.timeUs,
    service: e.service,
    pid: e.record.pid,
    error: false,
    attributes,
    links: [],
    entry: false,
    event: e,
  };
}

/** An inferred CLIENT half in `caller`'s service for a SERVER whose caller logged nothing. */
export function synthesizedClient(server: Draft, caller: LogEvent, spanId: string): Draft {
  const attributes = contextAttributes(caller);
  attributes[Attr.inferred] = true;
  attributes[Attr.httpMethod] = server.attributes[Attr.httpMethod]!;
  attributes[Attr.peerService] = server.service;
  const calleeId = server.event?.record.context.requestId;
  if (calleeId !== undefined) attributes[Attr.calleeRequestId] = calleeId;
  return {
    spanId,
    parentSpanId: '',
    name: server.name,
    kind: SpanKind.CLIENT,
    startUs: server.startUs,
    endUs: server.endUs,
    service: caller.service,
    pid: caller.record.pid,
    error: server.error,
    attributes,
    links: [],
    entry: false,
    event: undefined,
  };
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
