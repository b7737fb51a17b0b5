/**
 * A flow's spans indexed once for every step that rebuilds the flow: each span by its id, and
 * each span's children in the flow, in the order of the spans. It indexes exactly one array and
 * never changes, so the steps that see the same array share it: applyAdjusters passes it from
 * repair to repair while they return their input unchanged (the usual flow needs no repair), and
 * buildFlow hands the repaired flow's tree to the hop builder and the critical path. Each index
 * is built on first use.
 *
 * A span's parent is "in the flow" when its parent span id names a span of the array; a span
 * without one is a root (or an orphan, before the repairs attach it). Of spans sharing an id
 * (possible only before dedupe), the last is the one found by that id.
 */
import type { Span } from '../../core/span.js';

const NO_CHILDREN: readonly Span[] = [];

export class SpanTree {
  readonly spans: readonly Span[];
  #byId: Map<string, Span> | undefined;
  #children: Map<string, Span[]> | undefined;

  constructor(spans: readonly Span[]) {
    this.spans = spans;
  }

  /** The number of distinct span ids (less than `spans.length` when an id repeats). */
  get distinctIds(): number {
    return this.#index().size;
  }

  /** The span with this id; undefined when none. */
  byId(spanId: string): Span | undefined {
    return this.#index().get(spanId);
  }

  /** The span's parent when it is in the flow; undefined for a root. */
  parentOf(span: Span): Span | undefined {
    return span.parentSpanId === '' ? undefined : this.#index().get(span.parentSpanId);
  }

  /** The spans whose parent span id is `span`'s id, in span order (a span naming itself included). */
  childrenOf(span: Span): readonly Span[] {
    return this.#childIndex().get(span.spanId) ?? NO_CHILDREN;
  }

  #index(): Map<string, Span> {
    if (this.#byId !== undefined) return this.#byId;
    const byId = new Map<string, Span>();
    for (const span of this.spans) byId.set(span.spanId, span);
    return (this.#byId = byId);
  }

  #childIndex(): Map<string, Span[]> {
    if (this.#children !== undefined) return this.#children;
    const children = new Map<string, Span[]>();
    for (const span of this.spans) {
      if (this.parentOf(span) === undefined) continue;
      const siblings = children.get(span.parentSpanId);
      if (siblings === undefined) children.set(span.parentSpanId, [span]);
      else siblings.push(span);
    }
    return (this.#children = children);
  }
}
