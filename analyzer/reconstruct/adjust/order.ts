import type { Span } from '../../../core/span.js';
import { sortedBy } from '../sorted-by.js';
import { SpanTree } from '../span-tree.js';
import type { Adjusted } from './adjuster.js';

/** 1 for a span whose parent is in the flow, else 0 (a root, or a parent outside the flow). */
function depth(span: Span, tree: SpanTree): number {
  return tree.parentOf(span) === undefined ? 0 : 1;
}

/**
 * Orders spans by start time, then parents before children at equal times, then by span id, so
 * that every later step and every reader sees one stable order whatever the arrival order was.
 * Spans already in that order come back as given.
 */
export function orderSpans(spans: readonly Span[], tree = new SpanTree(spans)): Adjusted {
  const before = (a: Span, b: Span): number => a.startUs - b.startUs || depth(a, tree) - depth(b, tree) || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
  return { spans: sortedBy(spans, before), warnings: [] };
}
