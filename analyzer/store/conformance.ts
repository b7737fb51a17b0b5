/**
 * The one conformance suite every FlowStore backend runs (Jaeger's storage integration suite is
 * the model). Call it from the backend's test file with a factory for an empty store.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../core/flow.js';
import { buildFlow } from '../reconstruct/build-flow.js';
import { scriptBoot, scriptShelve } from '../testing/boot.js';
import type { ScriptedFlow } from '../testing/boot.js';
import { SpanFactory } from '../testing/spans.js';
import type { FlowStore } from './contracts.js';

const T0 = 1_764_000_000_000_000;

function flowOf(scripted: ScriptedFlow, complete = true): Flow {
  return buildFlow({ id: scripted.requestId, aliases: scripted.aliases.values(), spans: scripted.spans, complete, updatedUs: T0, endpoints: {} }).flow;
}

function seed(store: FlowStore): { boot: ScriptedFlow; shelve: ScriptedFlow } {
  const factory = new SpanFactory(7);
  const boot = scriptBoot(factory, T0);
  const shelve = scriptShelve(factory, T0 + 10_000_000);
  store.write({
    spans: [{ flowId: boot.requestId, spans: boot.spans }, { flowId: shelve.requestId, spans: shelve.spans }],
    flows: [flowOf(boot), flowOf(shelve)],
  });
  return { boot, shelve };
}

export function runFlowStoreConformance(name: string, open: () => FlowStore): void {
  describe(`${name} conforms to the FlowStore contract`, () => {
    it('serves a written flow by its id and by every alias', () => {
      const store = open();
      const { boot } = seed(store);
      expect(store.getFlow(boot.requestId)?.id).toBe(boot.requestId);
      for (const alias of boot.aliases.values()) expect(store.getFlow(alias)?.id).toBe(boot.requestId);
      expect(store.flowIdOf(boot.aliases.get('glance')!)).toBe(boot.requestId);
      expect(JSON.parse(store.getFlowJson(boot.aliases.get('neutron')!)!)).toEqual(store.getFlow(boot.requestId));
      expect(store.getFlowJson('nope')).toBeUndefined();
      store.close();
    });

    it('answers undefined or [] for unknown ids, never throws', () => {
      const store = open();
      seed(store);
      expect(store.getFlow('req-00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(store.flowIdOf('nope')).toBeUndefined();
      expect(store.flowIdOfTrace('f'.repeat(32))).toBeUndefined();
      expect(store.getSpans('nope')).toEqual([]);
      store.close();
    });

    it('returns a flow’s spans by start time and resolves its trace ids', () => {
      const store = open();
      const { boot } = seed(store);
      const spans = store.getSpans(boot.requestId);
      expect(spans).toHaveLength(boot.spans.length);
      expect(spans.every((s, i) => i === 0 || s.startUs >= spans[i - 1]!.startUs)).toBe(true);
      expect(spans[0]).toEqual(boot.spans[0]);
      expect(store.flowIdOfTrace(boot.spans[0]!.traceId)).toBe(boot.requestId);
      store.close();
    });

    it('ignores re-delivered spans: idempotent on (traceId, spanId)', () => {
      const store = open();
      const { boot } = seed(store);
      const before = store.stats();
      store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans }, { flowId: 'other', spans: boot.spans.slice(0, 3) }] });
      expect(store.stats()).toEqual(before);
      expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
      store.close();
    });

    it('stores a span given twice in one write once', () => {
      const store = open();
      const boot = scriptBoot(new SpanFactory(11), T0);
      store.write({ spans: [{ flowId: boot.requestId, spans: [...boot.spans, boot.spans[2]!] }, { flowId: 'other', spans: [boot.spans[0]!] }] });
      expect(store.stats().spans).toBe(boot.spans.length);
      expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
      expect(store.getSpans('other')).toEqual([]);
      store.close();
    });

    it('forgets the spans of a pruned flow: re-delivered later, they are stored again', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      store.prune({ maxAgeMs: 1000 }, T0 + 100_000_000);
      store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans }] });
      expect(store.stats().spans).toBe(boot.spans.length);
      expect(store.getSpans(boot.requestId)).toEqual([...boot.spans].sort((a, b) => a.startUs - b.startUs));
      expect(store.getSpans(shelve.requestId)).toEqual([]);
      store.close();
    });

    it('stores only the new spans of a trace it has seen, in later writes and other flows', () => {
      const store = open();
      const boot = scriptBoot(new SpanFactory(12), T0);
      const half = Math.floor(boot.spans.length / 2);
      store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans.slice(0, half) }] });
      store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans.slice(1, half + 2) }, { flowId: 'other', spans: boot.spans }] });
      expect(store.stats().spans).toBe(boot.spans.length);
      expect(store.getSpans(boot.requestId).map((s) => s.spanId).sort()).toEqual(boot.spans.slice(0, half + 2).map((s) => s.spanId).sort());
      expect(store.getSpans('other').map((s) => s.spanId).sort()).toEqual(boot.spans.slice(half + 2).map((s) => s.spanId).sort());
      store.close();
    });

    it('pruning one flow of a shared trace forgets its spans only: the other flow’s stay claimed', () => {
      const store = open();
      const boot = scriptBoot(new SpanFactory(13), T0);
      const half = Math.floor(boot.spans.length / 2);
      const [early, late] = [boot.spans.slice(0, half), boot.spans.slice(half)];
      const record = (id: string, spans: typeof early): Flow => buildFlow({ id, aliases: [], spans, complete: true, updatedUs: T0, endpoints: {} }).flow;
      store.write({ spans: [{ flowId: 'early', spans: early }, { flowId: 'late', spans: late }], flows: [record('early', early), record('late', late)] });
      const lateEnd = Math.max(...late.map((s) => s.endUs));
      const earlyEnd = Math.max(...early.map((s) => s.endUs));
      if (earlyEnd >= lateEnd) throw new Error('the scripted boot ends its early half last');
      store.prune({ maxAgeMs: 1 }, earlyEnd + 1001);
      expect(store.stats()).toEqual({ flows: 1, spans: late.length });
      store.write({ spans: [{ flowId: 'again', spans: boot.spans }] });
      expect(store.stats().spans).toBe(boot.spans.length);
      expect(store.getSpans('again').map((s) => s.spanId).sort()).toEqual(early.map((s) => s.spanId).sort());
      store.close();
    });

    it('upserts a flow: the newer record replaces the older', () => {
      const store = open();
      const { boot } = seed(store);
      store.write({ flows: [{ ...flowOf(boot), status: 'failed', warnings: ['w'] }] });
      expect(store.getFlow(boot.requestId)).toMatchObject({ status: 'failed', warnings: ['w'] });
      expect(store.stats().flows).toBe(2);
      const later = { ...flowOf(boot), startUs: T0 + 20_000_000, graph: { ...flowOf(boot).graph, nodes: ['nova-api', 'keystone'] } };
      store.write({ flows: [later] });
      expect(store.searchFlows({ service: 'keystone', limit: 10 }).map((f) => f.id)).toEqual([boot.requestId]);
      expect(store.searchFlows({ service: 'placement', limit: 10 })).toEqual([]);
      expect(store.searchFlows({ service: 'nova-api', limit: 10 }).map((f) => f.id)).toEqual([boot.requestId, (store.searchFlows({ operation: 'shelve', limit: 1 })[0]!).id]);
      store.close();
    });

    it('moves spans, aliases and traces of a merged flow into the surviving flow', () => {
      const store = open();
      const factory = new SpanFactory(9);
      const boot = scriptBoot(factory, T0);
      const glanceSpans = boot.spans.filter((s) => s.resource.serviceName === 'glance');
      const glanceId = boot.aliases.get('glance')!;
      const partial = buildFlow({ id: glanceId, aliases: [], spans: glanceSpans, complete: false, updatedUs: T0, endpoints: {} }).flow;
      store.write({ spans: [{ flowId: glanceId, spans: glanceSpans }], flows: [partial] });
      store.write({ merges: [{ from: glanceId, into: boot.requestId }], spans: [{ flowId: boot.requestId, spans: boot.spans }], flows: [flowOf(boot)] });
      expect(store.getFlow(glanceId)?.id).toBe(boot.requestId);
      expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
      expect(store.getSpans(glanceId)).toEqual([]);
      expect(store.stats()).toEqual({ flows: 1, spans: boot.spans.length });
      store.close();
    });

    it('moves a merged flow’s traces that only its stored spans name', () => {
      const store = open();
      const boot = scriptBoot(new SpanFactory(15), T0);
      const stray = { ...boot.spans[2]!, traceId: 'ce'.repeat(16), spanId: 'fa'.repeat(8), parentSpanId: '' };
      store.write({ spans: [{ flowId: 'part', spans: [stray] }] });
      expect(store.flowIdOfTrace(stray.traceId)).toBe('part');
      store.write({ merges: [{ from: 'part', into: boot.requestId }], spans: [{ flowId: boot.requestId, spans: boot.spans }], flows: [flowOf(boot)] });
      expect(store.flowIdOfTrace(stray.traceId)).toBe(boot.requestId);
      expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length + 1);
      store.close();
    });

    it('deletes a flow with every id and trace it took over in merges, listed in its record or not', () => {
      const store = open();
      const factory = new SpanFactory(13);
      const boot = scriptBoot(factory, T0);
      const glanceSpans = boot.spans.filter((s) => s.resource.serviceName === 'glance');
      const glanceId = boot.aliases.get('glance')!;
      const bootOnly = { ...flowOf(boot), aliases: [boot.requestId], traceIds: [boot.spans[0]!.traceId] };
      const partial = { ...buildFlow({ id: glanceId, aliases: [], spans: glanceSpans, complete: false, updatedUs: T0, endpoints: {} }).flow, aliases: [glanceId, 'req-glance-extra'], traceIds: ['a'.repeat(32)] };
      store.write({ spans: [{ flowId: glanceId, spans: glanceSpans }], flows: [partial, bootOnly] });
      store.write({ merges: [{ from: glanceId, into: boot.requestId }] });
      expect(store.flowIdOf('req-glance-extra')).toBe(boot.requestId);
      expect(store.getFlow(glanceId)?.id).toBe(boot.requestId);
      expect(store.flowIdOfTrace('a'.repeat(32))).toBe(boot.requestId);
      expect(store.prune({ maxAgeMs: 1 }, T0 + 100_000_000)).toEqual({ flows: 1, spans: glanceSpans.length });
      for (const id of [boot.requestId, glanceId, 'req-glance-extra']) expect(store.flowIdOf(id)).toBeUndefined();
      expect(store.flowIdOfTrace('a'.repeat(32))).toBeUndefined();
      expect(store.stats()).toEqual({ flows: 0, spans: 0 });
      store.close();
    });

    it('resolves a shared trace id to the flow whose Jaeger trace it is, whatever the write order', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      const traceId = boot.spans[0]!.traceId;
      store.write({ flows: [{ ...flowOf(shelve), traceIds: [...flowOf(shelve).traceIds, traceId] }] });
      expect(store.flowIdOfTrace(traceId)).toBe(boot.requestId);
      store.write({ flows: [flowOf(boot)] });
      expect(store.flowIdOfTrace(traceId)).toBe(boot.requestId);
      const other = open();
      other.write({ flows: [{ ...flowOf(shelve), traceIds: [...flowOf(shelve).traceIds, traceId] }] });
      expect(other.flowIdOfTrace(traceId)).toBe(shelve.requestId);
      other.write({ flows: [flowOf(boot)] });
      expect(other.flowIdOfTrace(traceId)).toBe(boot.requestId);
      store.close();
      other.close();
    });

    it('resolves a trace to the first flow that stored spans of it until a record claims it, and forgets a pruned flow’s traces', () => {
      const store = open();
      const boot = scriptBoot(new SpanFactory(14), T0);
      const traceId = boot.spans[0]!.traceId;
      store.write({ spans: [{ flowId: 'early', spans: boot.spans.slice(0, 2) }] });
      expect(store.flowIdOfTrace(traceId)).toBe('early');
      store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans.slice(2) }], flows: [flowOf(boot)] });
      expect(store.flowIdOfTrace(traceId)).toBe(boot.requestId);
      const stray = { ...boot.spans[3]!, traceId: 'cd'.repeat(16), spanId: 'ef'.repeat(8), parentSpanId: '' };
      store.write({ spans: [{ flowId: boot.requestId, spans: [stray] }] });
      expect(store.flowIdOfTrace(stray.traceId)).toBe(boot.requestId);
      store.prune({ maxAgeMs: 1000 }, T0 + 100_000_000);
      expect(store.flowIdOfTrace(stray.traceId)).toBeUndefined();
      expect(store.flowIdOfTrace(traceId)).toBeUndefined();
      expect(store.getSpans('early')).toHaveLength(2);
      store.close();
    });

    it('searches by operation, service, status and time, newest first, within the limit', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      expect(store.searchFlows({ limit: 10 }).map((f) => f.id)).toEqual([shelve.requestId, boot.requestId]);
      expect(store.searchFlows({ operation: 'boot', limit: 10 }).map((f) => f.id)).toEqual([boot.requestId]);
      expect(store.searchFlows({ service: 'placement', limit: 10 }).map((f) => f.id)).toEqual([boot.requestId]);
      expect(store.searchFlows({ status: 'complete', sinceUs: T0 + 1, limit: 10 }).map((f) => f.id)).toEqual([shelve.requestId]);
      expect(store.searchFlows({ untilUs: T0 + 1, limit: 10 }).map((f) => f.id)).toEqual([boot.requestId]);
      expect(store.searchFlows({ limit: 1 })).toHaveLength(1);
      expect(store.searchFlows({ status: 'failed', limit: 10 })).toEqual([]);
      store.close();
    });

    it('lists services, operations, flows of an instance and aggregated dependencies', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      expect(store.services()).toEqual(['glance', 'neutron', 'nova-api', 'nova-compute', 'nova-conductor', 'nova-scheduler', 'placement']);
      expect(store.operations('placement')).toEqual([
        { service: 'placement', name: 'GET /allocation_candidates', spanKind: 'server' },
        { service: 'placement', name: 'PUT /allocations/{consumer_uuid}', spanKind: 'server' },
      ]);
      expect(store.flowsOfInstance('c0ffee00-0000-4000-8000-000000000001', 10).map((f) => f.id)).toEqual([shelve.requestId, boot.requestId]);
      const deps = store.dependencies(T0, T0 + 60_000_000);
      expect(deps.find((d) => d.from === 'nova-compute' && d.to === 'glance')).toEqual({ from: 'nova-compute', to: 'glance', kind: 'http', callCount: 2, errorCount: 0 });
      expect(store.dependencies(T0 + 1, T0 + 60_000_000).find((d) => d.to === 'placement')).toBeUndefined();
      store.close();
    });

    it('prunes by age and by span count, oldest flows first', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      const total = store.stats().spans;
      expect(store.prune({ maxSpans: total - 1 }, T0)).toEqual({ flows: 1, spans: boot.spans.length });
      expect(store.getFlow(boot.requestId)).toBeUndefined();
      expect(store.getFlow(shelve.requestId)).toBeDefined();
      expect(store.prune({ maxAgeMs: 1000 }, T0 + 10_000_000)).toEqual({ flows: 0, spans: 0 });
      expect(store.prune({ maxAgeMs: 1000 }, T0 + 100_000_000)).toEqual({ flows: 1, spans: shelve.spans.length });
      expect(store.stats()).toEqual({ flows: 0, spans: 0 });
      store.close();
    });

    it('prunes at most maxFlows flows per call, oldest first, until nothing is due', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      const late = T0 + 100_000_000;
      expect(store.prune({ maxAgeMs: 1000 }, late, 1)).toEqual({ flows: 1, spans: boot.spans.length });
      expect(store.getFlow(shelve.requestId)).toBeDefined();
      expect(store.prune({ maxAgeMs: 1000 }, late, 1)).toEqual({ flows: 1, spans: shelve.spans.length });
      expect(store.prune({ maxAgeMs: 1000 }, late, 1)).toEqual({ flows: 0, spans: 0 });
      store.close();
    });

    it('prunes by span count in slices of maxFlows, oldest flows first', () => {
      const store = open();
      const { boot, shelve } = seed(store);
      expect(store.prune({ maxSpans: 1 }, T0, 1)).toEqual({ flows: 1, spans: boot.spans.length });
      expect(store.getFlow(shelve.requestId)).toBeDefined();
      expect(store.prune({ maxSpans: 1 }, T0, 1)).toEqual({ flows: 1, spans: shelve.spans.length });
      expect(store.prune({ maxSpans: 1 }, T0, 1)).toEqual({ flows: 0, spans: 0 });
      expect(store.stats()).toEqual({ flows: 0, spans: 0 });
      store.close();
    });

    it('closes twice without error and refuses use after close', () => {
      const store = open();
      store.close();
      store.close();
      expect(() => store.getFlow('x')).toThrow();
    });
  });
}
