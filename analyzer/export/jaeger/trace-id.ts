/**
 * How a flow appears as ONE Jaeger trace: its trace id is the trace id of its root span (the
 * user's request as nova-api saw it), which build-flow.ts puts first in `Flow.traceIds`. Spans of
 * the flow's other traces (lost context, rejoined by request id) are shown under that id too, with
 * their own in `hoptrace.original_trace_id`; every trace id of the flow finds the flow.
 */
import type { Flow } from '../../../core/flow.js';

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
