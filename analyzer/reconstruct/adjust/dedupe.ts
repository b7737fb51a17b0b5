import type { Span } from '../../../core/span.js';
import { SpanTree } from '../span-tree.js';
import type { Adjusted } from './adjuster.js';

/**
 * Drops re-delivered copies of a span: the key is (traceId, spanId), as in the store. Of several
 * copies the one with the most attributes is kept (a producer may re-send an enriched copy).
 * Spans with distinct span ids (the usual case: the assembler dedupes on arrival) come back as given.
 */
export function dedupeSpans(spans: readonly Span[], tree = new SpanTree(spans)): Adjusted {
  // Only spans sharing a span id can repeat (traceId, spanId).
  if (tree.distinctIds === spans.length) return { spans, warnings: [] };
  const kept = new Map<string, Span>();
  let duplicates = 0;
  for (const span of spans) {
    const key = `${span.traceId}:${span.spanId}`;
    const seen = kept.get(key);
    if (seen === undefined) {
      kept.set(key, span);
      continue;
    }
    duplicates++;
    if (Object.keys(span.attributes).length > Object.keys(seen.attributes).length) kept.set(key, span);
  }
  if (duplicates === 0) return { spans, warnings: [] };
  return { spans: [...kept.values()], warnings: [`${duplicates} duplicate span(s) ignored (same trace id and span id)`] };
}
