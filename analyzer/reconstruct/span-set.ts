import type { Span } from '../../core/span.js';

/**
 * A flow's spans, one per (trace id, span id). Span ids are random 64-bit numbers, so within one
 * flow a span id almost never recurs in another trace: spans are kept by span id alone, and only
 * a span whose id is already held under another trace goes to a second map keyed by both. No key
 * string is built per span (a `${traceId}:${spanId}` key costs a string held for the flow's life,
 * and V8 flattens it into a second one on first hash).
 */
export class SpanSet {
  readonly #bySpanId = new Map<string, Span>();
  /** Spans whose span id is held under another trace, by `${traceId}:${spanId}`; rare. */
  #sharedIds: Map<string, Span> | undefined;

  get size(): number {
    return this.#bySpanId.size + (this.#sharedIds?.size ?? 0);
  }

  has(traceId: string, spanId: string): boolean {
    const span = this.#bySpanId.get(spanId);
    if (span === undefined) return false;
    return span.traceId === traceId || (this.#sharedIds?.has(`${traceId}:${spanId}`) ?? false);
  }

  /** Adds `span` unless one with its trace id and span id is held; true when added. */
  add(span: Span): boolean {
    const held = this.#bySpanId.get(span.spanId);
    if (held === undefined) {
      this.#bySpanId.set(span.spanId, span);
      return true;
    }
    if (held.traceId === span.traceId) return false;
    const key = `${span.traceId}:${span.spanId}`;
    this.#sharedIds ??= new Map();
    if (this.#sharedIds.has(key)) return false;
    this.#sharedIds.set(key, span);
    return true;
  }

  /** The spans in the order they were added, those sharing a span id with an earlier one last. */
  *values(): IterableIterator<Span> {
    yield* this.#bySpanId.values();
    if (this.#sharedIds !== undefined) yield* this.#sharedIds.values();
  }
}
