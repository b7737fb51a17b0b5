import type { Flow } from '../../../core/flow.js';
import type { Span } from '../../../core/span.js';
import type { FlowChange, FlowSource } from '../alerting.js';

/** A FlowSource driven by the test: `emit` plays the analyzer announcing a flow change. */
export class ScriptedFlowSource implements FlowSource {
  readonly #listeners = new Set<(flow: Flow, change: FlowChange) => void>();
  readonly spans = new Map<string, readonly Span[]>();

  onFlow(listener: (flow: Flow, change: FlowChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  spansOf(flowId: string): readonly Span[] {
    return this.spans.get(flowId) ?? [];
  }

  emit(flow: Flow, change: FlowChange): void {
    for (const l of this.#listeners) l(flow, change);
  }

  get listeners(): number {
    return this.#listeners.size;
  }
}
