/**
 * Spans without request ids wait here for their parent: they belong to their parent's flow, and
 * a child span usually reaches the analyzer before its parent (it ends first, and a process
 * exports spans as they end). A parked span is released when its parent is routed, or after
 * `maxWaitMs` to its trace's flow. Bounded by the caller: `size` is checked against its limit.
 */
import type { Span } from '../../core/span.js';

export class ParkedSpans {
  readonly #byParent = new Map<string, { span: Span; sinceMs: number }[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  park(span: Span, nowMs: number): void {
    const list = this.#byParent.get(span.parentSpanId) ?? [];
    list.push({ span, sinceMs: nowMs });
    this.#byParent.set(span.parentSpanId, list);
    this.#size++;
  }

  /** true while this very span object waits here. */
  has(span: Span): boolean {
    if (this.#size === 0) return false;
    return this.#byParent.get(span.parentSpanId)?.some((p) => p.span === span) ?? false;
  }

  /** Removes and returns the spans waiting for `spanId`. */
  childrenOf(spanId: string): Span[] {
    if (this.#size === 0) return [];
    const list = this.#byParent.get(spanId);
    if (list === undefined) return [];
    this.#byParent.delete(spanId);
    this.#size -= list.length;
    return list.map((p) => p.span);
  }

  /** Removes and returns the spans parked at or before `cutoffMs` (all of them when undefined). */
  expire(cutoffMs?: number): Span[] {
    const out: Span[] = [];
    for (const [parent, list] of this.#byParent) {
      const keep = cutoffMs === undefined ? [] : list.filter((p) => p.sinceMs > cutoffMs);
      for (const p of list) if (!keep.includes(p)) out.push(p.span);
      if (keep.length === 0) this.#byParent.delete(parent);
      else this.#byParent.set(parent, keep);
    }
    this.#size -= out.length;
    return out;
  }
}
