/**
 * The critical path of a flow's root request (Jaeger UI's algorithm): from the root's end, walk
 * back through the child that finished last, recurse into it, then continue before its start.
 * Non-blocking children are left out (tracing.md §3.2): CONSUMER spans under a PRODUCER and
 * everything under them, so casts never extend the caller's critical path; so are orphans
 * attached to the root, whose real parent is unknown.
 *
 * Returns the span ids on the path, root first.
 */
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { isOrphan } from './span-facts.js';
import type { SpanTree } from './span-tree.js';

/** The children `span` waits for, in span order: no attached orphan, no consumer of its message. */
function blockingChildren(span: Span, tree: SpanTree): Span[] {
  const casts = span.kind === SpanKind.PRODUCER;
  return tree.childrenOf(span).filter((child) => !isOrphan(child) && !(casts && child.kind === SpanKind.CONSUMER));
}

/** Appends `span`, then walks back from its end (or `barrierUs`) through the child that ended last. */
function walk(span: Span, barrierUs: number, tree: SpanTree, path: string[]): void {
  path.push(span.spanId);
  let until = Math.min(span.endUs, barrierUs);
  const remaining = blockingChildren(span, tree);
  for (;;) {
    let last: Span | undefined;
    for (const child of remaining) {
      if (child.startUs >= until) continue;
      if (last === undefined || Math.min(child.endUs, until) > Math.min(last.endUs, until)) last = child;
    }
    if (last === undefined) return;
    remaining.splice(remaining.indexOf(last), 1);
    walk(last, until, tree, path);
    until = last.startUs;
  }
}

/** `tree` holds the flow's repaired spans; `root` is one of them. */
export function criticalPathSpans(tree: SpanTree, root: Span): string[] {
  const path: string[] = [];
  walk(root, root.endUs, tree, path);
  return path;
}
