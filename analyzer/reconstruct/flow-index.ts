/**
 * Where in-flight flows are found: by any of their request ids, by trace id (the first flow that
 * held a span of the trace), and by span id (so a child without request ids finds its parent's
 * flow). Holds only in-flight flows; completed ones are found through the store.
 */
import type { PendingFlow } from './pending-flow.js';

export class FlowIndex {
  readonly #byId = new Map<string, PendingFlow>();
  readonly #byTrace = new Map<string, PendingFlow>();
  readonly #bySpan = new Map<string, PendingFlow>();

  byId(id: string): PendingFlow | undefined {
    return this.#byId.get(id);
  }

  byTrace(traceId: string): PendingFlow | undefined {
    return this.#byTrace.get(traceId);
  }

  bySpan(spanId: string): PendingFlow | undefined {
    return this.#bySpan.get(spanId);
  }

  setId(id: string, flow: PendingFlow): void {
    this.#byId.set(id, flow);
  }

  /** Records the trace's flow unless the trace already has one. */
  claimTrace(traceId: string, flow: PendingFlow): void {
    if (!this.#byTrace.has(traceId)) this.#byTrace.set(traceId, flow);
  }

  setSpan(spanId: string, flow: PendingFlow): void {
    this.#bySpan.set(spanId, flow);
  }

  /** Points everything of `from` (already absorbed by `into`) at `into`. */
  move(from: PendingFlow, into: PendingFlow): void {
    for (const id of from.ids) this.#byId.set(id, into);
    for (const traceId of from.traceIds) if (this.#byTrace.get(traceId) === from) this.#byTrace.set(traceId, into);
    for (const span of from.spans.values()) this.#bySpan.set(span.spanId, into);
  }

  /** Removes every entry that points at the flow. */
  forget(flow: PendingFlow): void {
    for (const id of flow.ids) if (this.#byId.get(id) === flow) this.#byId.delete(id);
    for (const traceId of flow.traceIds) if (this.#byTrace.get(traceId) === flow) this.#byTrace.delete(traceId);
    for (const span of flow.spans.values()) if (this.#bySpan.get(span.spanId) === flow) this.#bySpan.delete(span.spanId);
  }
}
