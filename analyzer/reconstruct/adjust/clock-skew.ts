/**
 * Corrects clock skew between hosts (Jaeger's clockskew adjuster): a child span on another host
 * cannot start before its parent. A child that does is shifted, with its whole same-host subtree,
 * to sit centred in its parent (or to start with it when it is longer, or when the parent is a
 * PRODUCER whose consumer may legitimately run later). A child that merely ends a little after
 * its parent is left alone: an RPC server span ends after it sent the reply the client waited for. Orphans attached to the root are left alone: their real parent is
 * unknown. Shifted copies carry `hoptrace.clock_skew_us`.
 */
import { Attr } from '../../../core/attributes.js';
import { SpanKind } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import { hostOf, isOrphan } from '../span-facts.js';
import { SpanTree } from '../span-tree.js';
import type { Adjusted } from './adjuster.js';
import { describeSpan } from './adjuster.js';

function skewOf(child: Span, parent: Span): number {
  if (child.startUs >= parent.startUs) return 0;
  if (parent.kind === SpanKind.PRODUCER) return parent.startUs - child.startUs;
  const childDuration = child.endUs - child.startUs;
  const parentDuration = parent.endUs - parent.startUs;
  if (childDuration > parentDuration) return parent.startUs - child.startUs;
  return parent.startUs + Math.floor((parentDuration - childDuration) / 2) - child.startUs;
}

/** One correction's state: the tree, and what the walk has shifted (only spans that moved), said and seen. */
interface SkewWalk {
  readonly tree: SpanTree;
  shifted: Map<Span, Span> | undefined;
  readonly warnings: string[];
  readonly seen: Set<Span>;
}

function visit(walk: SkewWalk, span: Span, skew: number): void {
  if (walk.seen.has(span)) return;
  walk.seen.add(span);
  const shifted = skew === 0 ? span : { ...span, startUs: span.startUs + skew, endUs: span.endUs + skew, attributes: { ...span.attributes, [Attr.clockSkewUs]: skew } };
  if (shifted !== span) (walk.shifted ??= new Map()).set(span, shifted);
  for (const child of walk.tree.childrenOf(span)) {
    const otherHost = hostOf(child) !== hostOf(span) && !isOrphan(child);
    const childSkew = otherHost ? skewOf(child, shifted) : skew;
    if (otherHost && childSkew !== 0) {
      walk.warnings.push(`clock skew: ${describeSpan(child)} on ${hostOf(child)} shifted by ${childSkew}µs to fit its parent on ${hostOf(span)}`);
    }
    visit(walk, child, childSkew);
  }
}

export function correctClockSkew(spans: readonly Span[], tree = new SpanTree(spans)): Adjusted {
  const walk: SkewWalk = { tree, shifted: undefined, warnings: [], seen: new Set() };
  for (const span of spans) if (tree.parentOf(span) === undefined) visit(walk, span, 0);
  for (const span of spans) if (!walk.seen.has(span)) visit(walk, span, 0);
  const { shifted, warnings } = walk;
  if (shifted === undefined) return { spans, warnings };
  return { spans: spans.map((s) => shifted.get(s) ?? s), warnings };
}
