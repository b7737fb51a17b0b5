import type { Flow } from '../../core/flow.js';

/**
 * The last `size` completed flows of each operation: what baselines are learned from. A flow
 * completed again (late spans) replaces its earlier version rather than counting twice.
 */
export class FlowWindow {
  readonly #size: number;
  readonly #byOperation = new Map<string, Map<string, Flow>>();

  constructor(size: number) {
    this.#size = size;
  }

  add(flow: Flow): void {
    if (flow.operation === 'unknown') return; // nothing to learn for requests of no known operation
    let flows = this.#byOperation.get(flow.operation);
    if (!flows) this.#byOperation.set(flow.operation, (flows = new Map()));
    flows.delete(flow.id);
    flows.set(flow.id, flow);
    if (flows.size > this.#size) flows.delete(flows.keys().next().value as string);
  }

  flows(operation: string): Flow[] {
    return [...(this.#byOperation.get(operation)?.values() ?? [])];
  }

  /** Operation → number of flows held. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.#byOperation].map(([op, m]) => [op, m.size]));
  }
}
