/**
 * Where in-flight flows are found: by any of their request ids, by trace id (the first flow that
 * held a span of the trace), by span (trace id and span id, so a child without request ids
 * finds its parent's flow), and by instance uuid (the flows an external event may belong to).
 * Holds only in-flight flows; completed ones are found through the store.
 *
 * A span is found through the flows holding spans of its trace (usually one), each of which keeps
 * its spans by key (PendingFlow.holds): the index changes once per flow and trace, not per span.
 */
import type { PendingFlow } from './pending-flow.js';

export class FlowIndex {
  readonly #byId = new Map<string, PendingFlow>();
  readonly #byTrace = new Map<string, PendingFlow>();
  /** Every in-flight flow holding a span of the trace, in the order they got their first. */
  readonly #flowsOfTrace = new Map<string, PendingFlow[]>();
  /** Every in-flight flow naming the instance, in the order they first named it. */
  readonly #flowsOfInstance = new Map<string, PendingFlow[]>();

  byId(id: string): PendingFlow | undefined {
    return this.#byId.get(id);
  }

  byTrace(traceId: string): PendingFlow | undefined {
    return this.#byTrace.get(traceId);
  }

  /** The in-flight flow holding span `spanId` of trace `traceId`. */
  bySpan(traceId: string, spanId: string): PendingFlow | undefined {
    const flows = this.#flowsOfTrace.get(traceId);
    return flows?.find((flow) => flow.holds(traceId, spanId));
  }

  /** The in-flight flows naming instance `uuid` (PendingFlow.instanceUuids), in the order they first named it. */
  flowsOfInstance(uuid: string): readonly PendingFlow[] {
    return this.#flowsOfInstance.get(uuid) ?? [];
  }

  setId(id: string, flow: PendingFlow): void {
    this.#byId.set(id, flow);
  }

  /** Records the trace's flow unless the trace already has one. */
  claimTrace(traceId: string, flow: PendingFlow): void {
    if (!this.#byTrace.has(traceId)) this.#byTrace.set(traceId, flow);
  }

  /** The flow now holds a span of the trace (call when it gets its first; later calls are no-ops). */
  holdsTrace(traceId: string, flow: PendingFlow): void {
    add(this.#flowsOfTrace, traceId, flow);
  }

  /** The flow now names the instance (call when it first does; later calls are no-ops). */
  namesInstance(uuid: string, flow: PendingFlow): void {
    add(this.#flowsOfInstance, uuid, flow);
  }

  /** Points everything of `from` (already absorbed by `into`) at `into`. */
  move(from: PendingFlow, into: PendingFlow): void {
    for (const id of from.ids) this.#byId.set(id, into);
    for (const traceId of from.traceIds) {
      if (this.#byTrace.get(traceId) === from) this.#byTrace.set(traceId, into);
      remove(this.#flowsOfTrace, traceId, from);
      this.holdsTrace(traceId, into);
    }
    for (const uuid of from.instanceUuids) {
      remove(this.#flowsOfInstance, uuid, from);
      this.namesInstance(uuid, into);
    }
  }

  /** Removes every entry that points at the flow. */
  forget(flow: PendingFlow): void {
    for (const id of flow.ids) if (this.#byId.get(id) === flow) this.#byId.delete(id);
    for (const traceId of flow.traceIds) {
      if (this.#byTrace.get(traceId) === flow) this.#byTrace.delete(traceId);
      remove(this.#flowsOfTrace, traceId, flow);
    }
    for (const uuid of flow.instanceUuids) remove(this.#flowsOfInstance, uuid, flow);
  }
}

/** Adds `flow` to the flows of `key` unless it is there. */
function add(flowsOf: Map<string, PendingFlow[]>, key: string, flow: PendingFlow): void {
  const flows = flowsOf.get(key);
  if (flows === undefined) flowsOf.set(key, [flow]);
  else if (!flows.includes(flow)) flows.push(flow);
}

/** Removes `flow` from the flows of `key`, and the key once none is left. */
function remove(flowsOf: Map<string, PendingFlow[]>, key: string, flow: PendingFlow): void {
  const flows = flowsOf.get(key);
  const at = flows?.indexOf(flow) ?? -1;
  if (at < 0) return;
  if (flows!.length === 1) flowsOf.delete(key);
  else flows!.splice(at, 1);
}
