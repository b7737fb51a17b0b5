/**
 * The in-memory backend: the reference implementation of contracts.ts, run by the same
 * conformance suite as SQLite. Nothing survives the process; useful for tests and short runs.
 */
import { Attr } from '../../core/attributes.js';
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { DependencyEdge, FlowQuery, FlowStore, OperationInfo, Retention, StoreStats, WriteBatch } from './contracts.js';
import { spanKindName } from './span-kind-name.js';
import { aggregateDependencies, matchesQuery } from './query-filters.js';

export class MemoryFlowStore implements FlowStore {
  #flows = new Map<string, Flow>();
  #aliases = new Map<string, string>();
  #traces = new Map<string, string>();
  #spans = new Map<string, Map<string, Span>>();
  #spanFlow = new Map<string, string>();
  #operations = new Map<string, OperationInfo>();
  #closed = false;

  getFlow(requestId: string): Flow | undefined {
    this.#open();
    const id = this.#aliases.get(requestId);
    return id === undefined ? undefined : this.#flows.get(id);
  }

  getFlowJson(requestId: string): string | undefined {
    const flow = this.getFlow(requestId);
    return flow === undefined ? undefined : JSON.stringify(flow);
  }

  flowIdOf(requestId: string): string | undefined {
    this.#open();
    return this.#aliases.get(requestId);
  }

  flowIdOfTrace(traceId: string): string | undefined {
    this.#open();
    return this.#traces.get(traceId);
  }

  getSpans(flowId: string): Span[] {
    this.#open();
    return [...(this.#spans.get(flowId)?.values() ?? [])].sort((a, b) => a.startUs - b.startUs);
  }

  searchFlows(query: FlowQuery): Flow[] {
    this.#open();
    return [...this.#flows.values()].filter((f) => matchesQuery(f, query)).sort((a, b) => b.startUs - a.startUs).slice(0, query.limit);
  }

  flowsOfInstance(instanceUuid: string, limit: number): Flow[] {
    this.#open();
    const ids = new Set<string>();
    for (const [flowId, spans] of this.#spans) {
      for (const span of spans.values()) if (span.attributes[Attr.instanceUuid] === instanceUuid) ids.add(flowId);
    }
    return [...ids].map((id) => this.#flows.get(id)).filter((f): f is Flow => f !== undefined).sort((a, b) => b.startUs - a.startUs).slice(0, limit);
  }

  services(): string[] {
    this.#open();
    return [...new Set([...this.#operations.values()].map((o) => o.service))].sort();
  }

  operations(service?: string): OperationInfo[] {
    this.#open();
    return [...this.#operations.values()].filter((o) => service === undefined || o.service === service).sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind));
  }

  dependencies(sinceUs: number, untilUs: number): DependencyEdge[] {
    this.#open();
    return aggregateDependencies([...this.#flows.values()].filter((f) => f.startUs >= sinceUs && f.startUs < untilUs));
  }

  stats(): StoreStats {
    this.#open();
    return { flows: this.#flows.size, spans: this.#spanFlow.size };
  }

  write(batch: WriteBatch): void {
    this.#open();
    for (const { from, into } of batch.merges ?? []) this.#merge(from, into);
    for (const { flowId, spans } of batch.spans ?? []) {
      for (const span of spans) {
        const key = `${span.traceId}:${span.spanId}`;
        if (this.#spanFlow.has(key)) continue;
        this.#spanFlow.set(key, flowId);
        if (!this.#traces.has(span.traceId)) this.#traces.set(span.traceId, flowId);
        const map = this.#spans.get(flowId) ?? new Map<string, Span>();
        map.set(key, span);
        this.#spans.set(flowId, map);
        const info = { service: span.resource.serviceName, name: span.name, spanKind: spanKindName(span.kind) };
        this.#operations.set(`${info.service}\u0000${info.name}\u0000${info.spanKind}`, info);
      }
    }
    for (const flow of batch.flows ?? []) {
      this.#flows.set(flow.id, flow);
      this.#aliases.set(flow.id, flow.id);
      for (const alias of flow.aliases) this.#aliases.set(alias, flow.id);
      flow.traceIds.forEach((traceId, i) => {
        if (i === 0 || !this.#traces.has(traceId)) this.#traces.set(traceId, flow.id);
      });
    }
  }

  prune(retention: Retention, nowUs: number, maxFlows = Number.POSITIVE_INFINITY): StoreStats {
    this.#open();
    const before = this.stats();
    let removed = 0;
    if (retention.maxAgeMs !== undefined && retention.maxAgeMs > 0) {
      const cutoff = nowUs - retention.maxAgeMs * 1000;
      const expired = [...this.#flows.values()].filter((f) => f.endUs < cutoff).sort((a, b) => a.endUs - b.endUs);
      for (const flow of expired) {
        if (removed >= maxFlows) break;
        this.#delete(flow.id);
        removed++;
      }
    }
    if (retention.maxSpans !== undefined && retention.maxSpans > 0) {
      const oldestFirst = [...this.#flows.values()].sort((a, b) => a.startUs - b.startUs);
      for (const flow of oldestFirst) {
        if (this.#spanFlow.size <= retention.maxSpans || removed >= maxFlows) break;
        this.#delete(flow.id);
        removed++;
      }
    }
    const after = this.stats();
    return { flows: before.flows - after.flows, spans: before.spans - after.spans };
  }

  close(): void {
    this.#closed = true;
  }

  #merge(from: string, into: string): void {
    const spans = this.#spans.get(from);
    if (spans !== undefined) {
      const target = this.#spans.get(into) ?? new Map<string, Span>();
      for (const [key, span] of spans) {
        target.set(key, span);
        this.#spanFlow.set(key, into);
      }
      this.#spans.set(into, target);
      this.#spans.delete(from);
    }
    for (const index of [this.#aliases, this.#traces]) for (const [key, id] of index) if (id === from) index.set(key, into);
    this.#flows.delete(from);
  }

  #delete(flowId: string): void {
    for (const key of this.#spans.get(flowId)?.keys() ?? []) this.#spanFlow.delete(key);
    this.#spans.delete(flowId);
    for (const index of [this.#aliases, this.#traces]) for (const [key, id] of index) if (id === flowId) index.delete(key);
    this.#flows.delete(flowId);
  }

  #open(): void {
    if (this.#closed) throw new Error('flow store is closed');
  }
}
