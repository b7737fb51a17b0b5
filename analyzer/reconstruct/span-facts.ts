/**
 * What the analyzer reads off one span: its component, its request ids and which half of which
 * kind of hop it is. Every decision is taken from the keys in core/attributes.ts, so any producer
 * that sets them (the shims, the log ingester, a third-party tracer) is understood.
 */
import { Attr } from '../../core/attributes.js';
import { attributeOf, SpanKind, StatusCode, stringAttribute } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { HopKind } from '../../core/flow.js';

export function componentOf(span: Span): string {
  return span.resource.serviceName;
}

/** The host a span's clock belongs to: `host.name`, else the instance id, else the service. */
export function hostOf(span: Span): string {
  const attrs = span.resource.attributes;
  const host = attrs[Attr.hostName] ?? attrs[Attr.serviceInstanceId];
  return typeof host === 'string' ? host : span.resource.serviceName;
}

export function requestIdOf(span: Span): string | undefined {
  return stringAttribute(span, Attr.requestId);
}

export function globalRequestIdOf(span: Span): string | undefined {
  return stringAttribute(span, Attr.globalRequestId);
}

export function calleeRequestIdOf(span: Span): string | undefined {
  return stringAttribute(span, Attr.calleeRequestId);
}

export function isDbSpan(span: Span): boolean {
  return attributeOf(span, Attr.dbSystem) !== undefined || attributeOf(span, 'db.system') !== undefined || attributeOf(span, Attr.dbNamespace) !== undefined || attributeOf(span, 'db.name') !== undefined;
}

export function isRpcSpan(span: Span): boolean {
  return attributeOf(span, Attr.rpcSystem) !== undefined || attributeOf(span, 'rpc.system.name') !== undefined || attributeOf(span, Attr.messagingSystem) !== undefined;
}

export function isFanout(span: Span): boolean {
  return attributeOf(span, Attr.rpcFanout) === true;
}

export function isInferred(span: Span): boolean {
  return attributeOf(span, Attr.inferred) === true;
}

/** Whether the analyzer's orphan repair re-parented this span (adjust/orphans.ts). */
export function isOrphan(span: Span): boolean {
  return attributeOf(span, Attr.orphanOf) !== undefined;
}

/** An error of the span's own work: 4xx answers on REST CLIENT spans are the caller's to handle. */
export function isError(span: Span): boolean {
  return span.statusCode === StatusCode.ERROR;
}

export function isHandledClientError(span: Span): boolean {
  const code = attributeOf(span, Attr.httpStatusCode);
  return span.kind === SpanKind.CLIENT && typeof code === 'number' && code >= 400 && code < 500;
}

/** The kind of hop a caller half (CLIENT or PRODUCER) starts; undefined for other spans. */
export function callerHopKind(span: Span): HopKind | undefined {
  if (span.kind === SpanKind.PRODUCER) return isFanout(span) ? 'rpc_fanout' : 'rpc_cast';
  if (span.kind !== SpanKind.CLIENT) return undefined;
  if (isDbSpan(span)) return 'db';
  return isRpcSpan(span) ? 'rpc_call' : 'http';
}

/** The kind of hop a callee half (SERVER or CONSUMER) ends; undefined for other spans. */
export function calleeHopKind(span: Span): HopKind | undefined {
  if (span.kind === SpanKind.CONSUMER) return isFanout(span) ? 'rpc_fanout' : 'rpc_cast';
  if (span.kind !== SpanKind.SERVER) return undefined;
  return isRpcSpan(span) ? 'rpc_call' : 'http';
}

/** The RPC method without its namespace (`nova.compute/build_and_run_instance` → `build_and_run_instance`). */
export function rpcMethodOf(span: Span): string | undefined {
  const method = stringAttribute(span, Attr.rpcMethod);
  return method?.slice(method.lastIndexOf('/') + 1);
}
