/**
 * How a flow appears as ONE Jaeger trace: its trace id is the trace id of its root span (the
 * user's request as nova-api saw it), which build-flow.ts puts first in `Flow.traceIds`. Spans of
 * the flow's other traces (lost context, rejoined by request id) are shown under that id too, with
 * their own in `hoptrace.original_trace_id`; every trace id of the flow finds the flow.
 *
 * A flow whose root continues another flow's trace (an external event sent from inside a boot's
 * trace) does not own that trace: its trace id is derived from its flow id (derivedTraceId), and
 * the shared trace id finds the flow that owns the trace's root.
 */
import { createHash } from 'node:crypto';
import type { Flow } from '../../../core/flow.js';

/** A stable 32-hex trace id for a flow that owns no trace root. */
export function derivedTraceId(flowId: string): string {
  return createHash('sha256').update(`hoptrace-flow:${flowId}`).digest('hex').slice(0, 32);
}

export function flowTraceId(flow: Flow): string {
  return flow.traceIds[0] ?? '0'.repeat(32);
}

const HEX = /^[0-9a-f]{1,32}$/;

/**
 * Normalises a trace id as Jaeger accepts it: up to 32 hex digits (16 when the high half is zero)
 * or base64 of 16 bytes; undefined when malformed.
 */
export function normalizeTraceId(input: string): string | undefined {
  const lower = input.toLowerCase();
  if (HEX.test(lower)) return lower.padStart(32, '0');
  if (/^[A-Za-z0-9+/]{22}(?:==)?$/.test(input)) {
    const bytes = Buffer.from(input, 'base64');
    if (bytes.length === 16) return bytes.toString('hex');
  }
  return undefined;
}

/** A trace id as Jaeger's JSON model writes it: 16 hex digits when the high 64 bits are zero. */
export function jaegerTraceIdText(traceId: string): string {
  return traceId.length === 32 && traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}
