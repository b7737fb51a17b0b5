/**
 * The in-flight flows by id (a Map, so every reader of the map works unchanged), which also knows
 * the two sets of flows the assembler's `tick` acts on, so that a tick looks at those and not at
 * every flow in flight:
 *
 * - `quietestFirst`: every flow, in the order its last span arrived, heard from longest ago
 *   first. The router calls `touched` when a flow's `lastSpanMs` moves on (a span joins it later
 *   than its last span, once per flow and batch; it absorbs a merged flow), which moves it to the
 *   back. The flows due to complete by the quiet period, and those to complete early beyond
 *   `maxInFlightFlows`, are at the front.
 * - `finalHopSeenQuietestFirst`: the flows whose last build saw their operation's final hop (the
 *   assembler calls `rebuilt` after each build), in the same order; those due to complete
 *   `settleMs` after their last span are at its front. A flow joins at the back when a build
 *   first sees its final hop, usually within a tick of its last span.
 * - `changed`: the flows that became dirty (a span or link arrived since their last rebuild; a
 *   flow of the map tells it itself, see PendingFlow.dirtyFlows) and were not yet let go with
 *   `settle`, which the tick does once a flow is rebuilt and its rebuild announced.
 *
 * The order follows the calls: it follows `lastSpanMs` while the clock does not step back and
 * builds keep up with the spans (otherwise a flow may be taken slightly out of turn; none is
 * lost).
 */
import type { PendingFlow } from './pending-flow.js';

export class InFlightFlows extends Map<string, PendingFlow> {
  /** Every flow of the map, heard from longest ago first (a Set keeps insertion order). */
  readonly #byQuiet = new Set<PendingFlow>();
  /** The flows of `#byQuiet` whose last build saw their final hop, in its order. */
  readonly #finalHopSeenByQuiet = new Set<PendingFlow>();
  /** Flows of the map dirty, or rebuilt since they were last settled. */
  readonly #changed = new Set<PendingFlow>();

  override set(id: string, flow: PendingFlow): this {
    const replaced = super.get(id);
    if (replaced !== undefined && replaced !== flow) this.#leave(replaced);
    super.set(id, flow);
    flow.dirtyFlows = this.#changed;
    if (flow.dirty) this.#changed.add(flow);
    this.touched(flow);
    return this;
  }

  override delete(id: string): boolean {
    const flow = super.get(id);
    if (flow === undefined) return false;
    this.#leave(flow);
    return super.delete(id);
  }

  override clear(): void {
    for (const flow of this.values()) flow.dirtyFlows = undefined;
    this.#byQuiet.clear();
    this.#finalHopSeenByQuiet.clear();
    this.#changed.clear();
    super.clear();
  }

  /** `flow` was just heard from: it moves to the back of the quiet order (a flow not in the map is ignored). */
  touched(flow: PendingFlow): void {
    if (super.get(flow.id) !== flow) return;
    this.#byQuiet.delete(flow);
    this.#byQuiet.add(flow);
    if (this.#finalHopSeenByQuiet.delete(flow)) this.#finalHopSeenByQuiet.add(flow);
  }

  /** `flow` was built anew: it joins or leaves the flows whose final hop was seen (a flow not in the map is ignored). */
  rebuilt(flow: PendingFlow): void {
    if (super.get(flow.id) !== flow) return;
    // Adding a flow already held keeps its place.
    if (flow.built?.finalHopSeen === true) this.#finalHopSeenByQuiet.add(flow);
    else this.#finalHopSeenByQuiet.delete(flow);
  }

  /** The flows, heard from longest ago first. */
  quietestFirst(): IterableIterator<PendingFlow> {
    return this.#byQuiet.values();
  }

  /** The flows whose last build saw their final hop, heard from longest ago first. */
  finalHopSeenQuietestFirst(): IterableIterator<PendingFlow> {
    return this.#finalHopSeenByQuiet.values();
  }

  /** The flows dirty or rebuilt since `settle`; settling the flow just returned is allowed. */
  changed(): IterableIterator<PendingFlow> {
    return this.#changed.values();
  }

  /** Leaves `flow` out of `changed` until it is dirty again. */
  settle(flow: PendingFlow): void {
    this.#changed.delete(flow);
  }

  #leave(flow: PendingFlow): void {
    this.#byQuiet.delete(flow);
    this.#finalHopSeenByQuiet.delete(flow);
    this.#changed.delete(flow);
    flow.dirtyFlows = undefined;
  }
}
