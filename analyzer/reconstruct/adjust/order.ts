import type { Span } from '../../../core/span.js';
import type { Adjusted } from './adjuster.js';

/** 1 for a span whose parent is among `ids`, else 0 (a root, or a parent outside the flow). */
function depth(span: Span, ids: ReadonlySet<string>): number {
  return span.parentSpanId !== '' && ids.has(span.parentSpanId) ? 1 : 0;
}

/**
 * Orders spans by start time, then parents before children at equal times, then by span id, so
 * that every later step and every reader sees one stable order whatever the arrival order was.
 */
export function orderSpans(spans: readonly Span[]): Adjusted {
  const ids = new Set(spans.map((s) => s.spanId));
  const sorted = [...spans].sort((a, b) => a.startUs - b.startUs || depth(a, ids) - depth(b, ids) || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
  return { spans: sorted, warnings: [] };
}
