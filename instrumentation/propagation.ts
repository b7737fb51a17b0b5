import { isSpanContextValid, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Context, Span, SpanContext, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { parseTraceParent, TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { CompactSpan } from './span/compact-span.js';
import { RemoteSpan } from './span/remote-span.js';
import { spanScope } from './span/span-scope.js';

/**
 * W3C trace-context propagation, done explicitly rather than through the global propagator so
 * that several services in one process never share hidden state.
 *
 * Extraction always starts from ROOT_CONTEXT: a callee must take its parent from what arrived
 * on the wire (header or message context), never from whatever context the in-process transport
 * happened to run it in. That is what makes a dropped trace context really start a new trace.
 */

/** Carrier keys; over RPC they travel as `_context_traceparent` / `_context_tracestate`. */
export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

const propagator = new W3CTraceContextPropagator();

const recordSetter: TextMapSetter<Record<string, unknown>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const recordGetter: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return undefined;
  },
};

/** Writes `traceparent` (and `tracestate` when there is one) for `context`'s span into `carrier`. */
export function injectTraceContext(context: Context, carrier: Record<string, unknown>): void {
  propagator.inject(context, carrier, recordSetter);
}

/**
 * What `injectTraceContext` writes, straight from a span's context: `traceparent`
 * (`00-<trace id>-<span id>-<flags>`) and `tracestate` when there is one; nothing for an invalid
 * (non-recording) span context. The shims' hot path: no Context to build, no propagator layers.
 */
export function injectSpanContext(spanContext: SpanContext, carrier: Record<string, unknown>): void {
  if (!isSpanContextValid(spanContext)) return;
  carrier[TRACEPARENT] = `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
  if (spanContext.traceState !== undefined) carrier[TRACESTATE] = spanContext.traceState.serialize();
}

/**
 * `injectSpanContext` for `span`. A CompactSpan's context is valid by construction (pooled
 * random ids, always sampled), so its `traceparent` is written without validating it again.
 */
export function injectTraceparent(span: Span, carrier: Record<string, unknown>): void {
  if (!(span instanceof CompactSpan)) {
    injectSpanContext(span.spanContext(), carrier);
    return;
  }
  const spanContext = span.spanContext();
  carrier[TRACEPARENT] = `00-${spanContext.traceId}-${spanContext.spanId}-01`;
  if (spanContext.traceState !== undefined) carrier[TRACESTATE] = spanContext.traceState.serialize();
}

/**
 * The context a callee should parent its span on: ROOT_CONTEXT plus the remote span found in
 * `carrier`, or plain ROOT_CONTEXT when the carrier holds no valid `traceparent`.
 * Keys must be lower-case (Node's header objects and the RPC context both are). Reads exactly as
 * the W3C propagator's `extract` does (first of several `traceparent` values, every `tracestate`
 * value joined), straight from the record, into a light context (`spanScope`).
 */
export function extractTraceContext(carrier: Readonly<Record<string, unknown>>): Context {
  const header = recordGetter.get(carrier, TRACEPARENT);
  const traceparent = Array.isArray(header) ? header[0] : header;
  if (typeof traceparent !== 'string' || traceparent === '') return ROOT_CONTEXT;
  const spanContext = parseVersion00(traceparent) ?? remoteContextOf(parseTraceParent(traceparent));
  if (spanContext === undefined) return ROOT_CONTEXT;
  const state = carrier[TRACESTATE] === undefined ? undefined : recordGetter.get(carrier, TRACESTATE);
  if (state !== undefined && state !== '') spanContext.traceState = new TraceState(Array.isArray(state) ? state.join(',') : state);
  return spanScope(ROOT_CONTEXT, new RemoteSpan(spanContext));
}

function remoteContextOf(parsed: SpanContext | null): SpanContext | undefined {
  return parsed === null ? undefined : { traceId: parsed.traceId, spanId: parsed.spanId, traceFlags: parsed.traceFlags, isRemote: true };
}

/** `00-` + 32 + `-` + 16 + `-` + 2: a version 00 `traceparent`, exactly as the shims write it. */
const VERSION_00_LENGTH = 55;

/**
 * `parseTraceParent` for the form every hoptrace shim sends, a bare version 00 `traceparent`
 * (`00-<32 hex>-<16 hex>-<2 hex>`, lower-case, ids not all zero), read without a regular
 * expression; null for anything else, which `parseTraceParent` then reads (padding, other
 * versions, or invalid: the same answers, tested against the W3C propagator).
 */
function parseVersion00(value: string): SpanContext | null {
  if (value.length !== VERSION_00_LENGTH || value.charCodeAt(0) !== 0x30 || value.charCodeAt(1) !== 0x30) return null;
  if (value.charCodeAt(2) !== 0x2d || value.charCodeAt(35) !== 0x2d || value.charCodeAt(52) !== 0x2d) return null;
  if (!isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52) || !isLowerHex(value, 53, 55)) return null;
  if (isAllZero(value, 3, 35) || isAllZero(value, 36, 52)) return null;
  return { traceId: value.slice(3, 35), spanId: value.slice(36, 52), traceFlags: parseInt(value.slice(53), 16), isRemote: true };
}

function isLowerHex(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function isAllZero(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (value.charCodeAt(i) !== 0x30) return false;
  return true;
}

/** The remote span context `extractTraceContext` found, if any. */
export function remoteSpanContext(context: Context): SpanContext | undefined {
  return trace.getSpanContext(context);
}

/** A copy of `headers` without any-case `traceparent`/`tracestate` entries. */
export function withoutTraceHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    if (name.length !== TRACEPARENT.length && name.length !== TRACESTATE.length) copy[name] = headers[name]!;
    else if (!isTraceHeader(name)) copy[name] = headers[name]!;
  }
  return copy;
}

function isTraceHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === TRACEPARENT || lower === TRACESTATE;
}

/** A copy of an RPC request context without its trace keys; the original is not modified. */
export function withoutTraceContext<T extends Record<string, unknown>>(carrier: T): T {
  const copy = { ...carrier };
  delete copy[TRACEPARENT];
  delete copy[TRACESTATE];
  return copy;
}
