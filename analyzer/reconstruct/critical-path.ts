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

function blockingChildren(spans: readonly Span[]): Map<string, Span[]> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, Span[]>();
  for (const span of spans) {
    const parent = byId.get(span.parentSpanId);
    if (parent === undefined || isOrphan(span)) continue;
    if (parent.kind === SpanKind.PRODUCER && span.kind === SpanKind.CONSUMER) continue;
    const list = children.get(parent.spanId);
    if (list === undefined) children.set(parent.spanId, [span]);
    else list.push(span);
  }
  return children;
}

/** Appends `span`, then walks back from its end (or `barrierUs`) through the child that ended last. */
function walk(span: Span, barrierUs: number, children: ReadonlyMap<string, Span[]>, path: string[]): void {
  path.push(span.spanId);
  let until = Math.min(span.endUs, barrierUs);
  const remaining = [...(children.get(span.spanId) ?? [])];
  for (;;) {
    let last: Span | undefined;
    for (const child of remaining) {
      if (child.startUs >= until) continue;
      if (last === undefined || Math.min(child.endUs, until) > Math.min(last.endUs, until)) last = child;
    }
    if (last === undefined) return;
    remaining.splice(remaining.indexOf(last), 1);
    walk(last, until, children, path);
    until = last.startUs;
  }
}

export function criticalPathSpans(spans: readonly Span[], root: Span): string[] {
  const path: string[] = [];
  walk(root, root.endUs, blockingChildren(spans), path);
  return path;
}
