import type { Span } from '../../core/span.js';

/** A byte range of a request body; `start === end` when the field was absent. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a span decoded from protobuf sits in the body it came from: its own Span message and the
 * Resource and InstrumentationScope messages around it. The protobuf encoder copies these bytes
 * instead of re-encoding (faster, and lossless: trace_state, flags, dropped counts and scope
 * version survive the trip to Kafka untouched).
 *
 * Kept in a WeakMap keyed by the exact span object: a copy of a span (a stage that changed it)
 * has no raw bytes and is encoded from its fields. The entry keeps the body alive as long as the
 * span, so decoders record it only when an exporter will use it.
 */
export interface RawSpan {
  readonly body: Uint8Array;
  readonly span: ByteRange;
  readonly scope: ByteRange;
  readonly resource: ByteRange;
}

const raw = new WeakMap<Span, RawSpan>();

export function rememberRawSpan(span: Span, ref: RawSpan): void {
  raw.set(span, ref);
}

export function rawSpanOf(span: Span): RawSpan | undefined {
  return raw.get(span);
}
