/**
 * Attaches every span whose parent is not in the flow, and every extra root, to the flow's root
 * span rather than dropping it (Jaeger's orphan rule): the copy gets the root as parent and
 * `hoptrace.orphan_of` = the missing parent id (`none` for an extra root), and a warning names the
 * missing parent. The root is the earliest parentless SERVER span, else the earliest span.
 */
import { Attr } from '../../../core/attributes.js';
import { SpanKind } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import { SpanTree } from '../span-tree.js';
import type { Adjusted } from './adjuster.js';
import { describeSpan } from './adjuster.js';

function earliest(list: readonly Span[]): Span | undefined {
  return list.reduce<Span | undefined>((best, s) => (best === undefined || s.startUs < best.startUs ? s : best), undefined);
}

export function findRoot(spans: readonly Span[], tree = new SpanTree(spans)): Span | undefined {
  const roots = spans.filter((s) => tree.parentOf(s) === undefined);
  return earliest(roots.filter((s) => s.parentSpanId === '' && s.kind === SpanKind.SERVER)) ?? earliest(roots.filter((s) => s.parentSpanId === '')) ?? earliest(roots);
}

export function attachOrphans(spans: readonly Span[], tree = new SpanTree(spans)): Adjusted {
  const root = findRoot(spans, tree);
  if (root === undefined) return { spans, warnings: [] };
  const warnings: string[] = [];
  const adjusted = spans.map((span) => {
    if (span === root || tree.parentOf(span) !== undefined) return span;
    const missing = span.parentSpanId === '' ? 'none' : span.parentSpanId;
    warnings.push(
      missing === 'none'
        ? `${describeSpan(span)} starts another trace (${span.traceId}) and could not be joined to a caller; attached to the root`
        : `${describeSpan(span)} names parent ${missing}, which is not in the flow; attached to the root`,
    );
    return { ...span, parentSpanId: root.spanId, attributes: { ...span.attributes, [Attr.orphanOf]: missing } };
  });
  return { spans: warnings.length === 0 ? spans : adjusted, warnings };
}
