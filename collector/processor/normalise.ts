import { Attr } from '../../core/attributes.js';
import type { Attributes, Span } from '../../core/span.js';
import { isValidSpanId, isValidTraceId } from '../../core/span.js';

/** Why a span was refused; each is counted and reported in `partial_success`. */
export type RejectReason = 'invalid_trace_id' | 'invalid_span_id' | 'invalid_parent_span_id' | 'invalid_link_id' | 'invalid_time';

export interface Normalised {
  /** The valid spans, in input order, each with its flowKey set (a new object when it had none). */
  readonly spans: Span[];
  readonly rejected: number;
  readonly reasons: Partial<Record<RejectReason, number>>;
}

/**
 * Validates decoded spans and derives each one's flow key. Pure: it never throws and never
 * mutates its input.
 *
 * A span is rejected when its trace or span id is not valid lower-case hex of the right length
 * (all-zero included), its parent id is neither '' nor a valid span id, one of its links does not
 * name a valid trace and span id, or its start time is missing (0) or later than its end time.
 */
export function normalise(spans: readonly Span[]): Normalised {
  const accepted: Span[] = [];
  const reasons: Partial<Record<RejectReason, number>> = {};
  let rejected = 0;
  for (const span of spans) {
    const reason = rejectReason(span);
    if (reason !== undefined) {
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      rejected++;
      continue;
    }
    accepted.push(span.flowKey !== '' ? span : { ...span, flowKey: flowKeyOf(span) });
  }
  return { spans: accepted, rejected, reasons };
}

function rejectReason(span: Span): RejectReason | undefined {
  if (!isValidTraceId(span.traceId)) return 'invalid_trace_id';
  if (!isValidSpanId(span.spanId)) return 'invalid_span_id';
  if (span.parentSpanId !== '' && !isValidSpanId(span.parentSpanId)) return 'invalid_parent_span_id';
  for (const link of span.links) if (!isValidTraceId(link.traceId) || !isValidSpanId(link.spanId)) return 'invalid_link_id';
  if (span.startUs <= 0 || span.endUs < span.startUs) return 'invalid_time';
  return undefined;
}

/**
 * The flow a span belongs to: its `openstack.global_request_id`, else its `openstack.request_id`,
 * else its trace id. Derived from the span alone, so the same span always gets the same key,
 * whatever batch it arrives in.
 */
export function flowKeyOf(span: Pick<Span, 'attributes' | 'traceId'>): string {
  return flowKeyFrom(span.attributes, span.traceId);
}

/** flowKeyOf in the shape decoders take (FlowKeyOf), to set the key while building the span. */
export function flowKeyFrom(attributes: Attributes, traceId: string): string {
  const global = attributes[Attr.globalRequestId];
  if (typeof global === 'string' && global !== '') return global;
  const local = attributes[Attr.requestId];
  if (typeof local === 'string' && local !== '') return local;
  return traceId;
}

/** "3 spans rejected: 2 invalid_trace_id, 1 invalid_time" — the partial_success error_message. */
export function describeRejections(result: Pick<Normalised, 'rejected' | 'reasons'>): string {
  if (result.rejected === 0) return '';
  const parts = Object.entries(result.reasons).map(([reason, n]) => `${n} ${reason}`);
  return `${result.rejected} span${result.rejected === 1 ? '' : 's'} rejected: ${parts.join(', ')}`;
}
