/**
 * The state of one in-flight flow: its spans (deduplicated on arrival), its request ids and trace
 * ids, what has not been written to the store yet, and its last rebuild. Memory per flow is its
 * spans plus these small sets; completed flows leave memory (the store keeps them).
 */
import { Attr } from '../../core/attributes.js';
import { attributeOf } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { FlowLink } from '../../core/flow.js';
import type { BuiltFlow } from './build-flow.js';
import { SpanSet } from './span-set.js';

/** The instance a span names (`openstack.instance_uuid`), if any. */
export function instanceUuidOf(span: Span): string | undefined {
  const instance = attributeOf(span, Attr.instanceUuid);
  return typeof instance === 'string' ? instance : undefined;
}

export class PendingFlow {
  readonly id: string;
  readonly ids = new Set<string>();
  readonly traceIds = new Set<string>();
  readonly instanceUuids = new Set<string>();
  /** The flow's spans, one per trace id and span id (see `holds`). */
  readonly spans = new SpanSet();
  links: FlowLink[] = [];
  /** Spans not yet written to the store, in arrival order. */
  unflushed: Span[] = [];
  duplicates = 0;
  /** Wall-clock ms of the last span's arrival. */
  lastSpanMs: number;
  /** true when spans arrived since the last rebuild. */
  dirty = true;
  /** Where the flow adds itself whenever it becomes dirty: its in-flight map's `changed` (in-flight-flows.ts), while in one. */
  dirtyFlows: Set<PendingFlow> | undefined;
  /** true when the last rebuild is not in the store yet. */
  unsaved = true;
  built: BuiltFlow | undefined;
  /** true when a read rebuilt the flow: the next tick announces that version as `updated`. */
  unannounced = false;
  /** Wall-clock ms of the last rebuild. */
  builtAtMs = 0;
  /** Grows with every change of the flow's spans or links (a completion written meanwhile is out of date). */
  changes = 0;
  /** true while the flow's completion is being written (the flow stays readable here until it is stored). */
  completing = false;

  constructor(id: string, nowMs: number) {
    this.id = id;
    this.ids.add(id);
    this.lastSpanMs = nowMs;
  }

  /** true when the flow holds span `spanId` of trace `traceId`. */
  holds(traceId: string, spanId: string): boolean {
    return this.spans.has(traceId, spanId);
  }

  /** Adds a span unless a copy with the same (traceId, spanId) is already here. */
  add(span: Span, nowMs: number, flushed = false): boolean {
    this.lastSpanMs = nowMs;
    if (!this.spans.add(span)) {
      this.duplicates++;
      return false;
    }
    this.traceIds.add(span.traceId);
    const instance = instanceUuidOf(span);
    if (instance !== undefined) this.instanceUuids.add(instance);
    if (!flushed) this.unflushed.push(span);
    this.#markChanged();
    return true;
  }

  /** Takes over everything of `other` (which the caller then forgets). */
  absorb(other: PendingFlow): void {
    for (const span of other.spans.values()) this.add(span, Math.max(this.lastSpanMs, other.lastSpanMs), true);
    this.unflushed.push(...other.unflushed);
    for (const id of other.ids) this.ids.add(id);
    for (const uuid of other.instanceUuids) this.instanceUuids.add(uuid);
    this.duplicates += other.duplicates;
    this.links = [...this.links, ...other.links.filter((l) => l.flowId !== this.id && !this.links.some((m) => m.flowId === l.flowId))];
  }

  addLink(link: FlowLink): void {
    if (link.flowId === this.id || this.links.some((l) => l.flowId === link.flowId)) return;
    this.links = [...this.links, link];
    this.#markChanged();
  }

  #markChanged(): void {
    this.changes++;
    if (!this.dirty) this.dirtyFlows?.add(this);
    this.dirty = true;
    this.unsaved = true;
  }

  takeUnflushed(): Span[] {
    const spans = this.unflushed;
    this.unflushed = [];
    return spans;
  }
}
