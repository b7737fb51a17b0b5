/**
 * The in-flight flows by id (a Map, so every reader of the map works unchanged), which also keeps
 * them in the order their last span arrived: `quietestFirst` starts with the flow heard from
 * longest ago. The router calls `touched` when a span joins a flow at a later time than the
 * flow's last span (once per flow and batch), which moves it to the back. So the flows to complete early beyond `maxInFlightFlows` are found at the front, without
 * looking at every flow in flight (that scan cost about 0.2 ms per early completion at 20 000
 * flows in flight).
 *
 * The order follows the calls: it follows `lastSpanMs` while the clock does not step back (after
 * a step back, a flow may be taken slightly out of turn; none is lost).
 */
import type { PendingFlow } from './pending-flow.js';

export class InFlightFlows extends Map<string, PendingFlow> {
  /** Every flow of the map, heard from longest ago first (a Set keeps insertion order). */
  readonly #byQuiet = new Set<PendingFlow>();

  override set(id: string, flow: PendingFlow): this {
    const replaced = super.get(id);
    if (replaced !== undefined && replaced !== flow) this.#byQuiet.delete(replaced);
    super.set(id, flow);
    this.touched(flow);
    return this;
  }

  override delete(id: string): boolean {
    const flow = super.get(id);
    if (flow === undefined) return false;
    this.#byQuiet.delete(flow);
    return super.delete(id);
  }

  override clear(): void {
    this.#byQuiet.clear();
    super.clear();
  }

  /** A span joined `flow`: it becomes the most recently heard from (a flow not in the map is ignored). */
  touched(flow: PendingFlow): void {
    if (super.get(flow.id) !== flow) return;
    this.#byQuiet.delete(flow);
    this.#byQuiet.add(flow);
  }

  /** The flows, heard from longest ago first. Deleting the flow just returned is allowed. */
  quietestFirst(): IterableIterator<PendingFlow> {
    return this.#byQuiet.values();
  }
}
