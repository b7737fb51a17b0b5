import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptBoot } from '../../testing/boot.js';
import { SpanKind } from '../../../core/span.js';
import { SpanFactory, withSpan } from '../../testing/spans.js';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { runFlowStoreConformance } from '../conformance.js';
import { SqliteFlowStore } from './sqlite-store.js';

runFlowStoreConformance('SqliteFlowStore', () => new SqliteFlowStore(':memory:'));

describe('SqliteFlowStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves every stored flow and span after the store is closed and reopened', () => {
    const path = join(dir, 'flows.db');
    const boot = scriptBoot(new SpanFactory(3), 1_764_000_000_000_000);
    const flow = buildFlow({ id: boot.requestId, aliases: boot.aliases.values(), spans: boot.spans, complete: true, updatedUs: 1, endpoints: {} }).flow;
    const first = new SqliteFlowStore(path);
    first.write({ spans: [{ flowId: flow.id, spans: boot.spans }], flows: [flow] });
    first.close();
    const second = new SqliteFlowStore(path);
    expect(second.getFlow(boot.aliases.get('neutron')!)).toEqual(flow);
    expect(second.getSpans(flow.id)).toEqual([...boot.spans].sort((a, b) => a.startUs - b.startUs));
    expect(second.stats()).toEqual({ flows: 1, spans: boot.spans.length });
    second.close();
  });

  it('hands out the same JSON text for a flow read again, and never a stale one after its own writes', () => {
    const store = new SqliteFlowStore(':memory:');
    const factory = new SpanFactory(4);
    const [boot, other] = [scriptBoot(factory, 1_764_000_000_000_000), scriptBoot(factory, 1_764_000_010_000_000)];
    const flowOf = (b: typeof boot, updatedUs: number) => buildFlow({ id: b.requestId, aliases: b.aliases.values(), spans: b.spans, complete: true, updatedUs, endpoints: {} }).flow;
    store.write({ spans: [{ flowId: boot.requestId, spans: boot.spans }, { flowId: other.requestId, spans: other.spans }], flows: [flowOf(boot, 1), flowOf(other, 1)] });
    const neutron = boot.aliases.get('neutron')!;
    store.getFlowJson(neutron);
    const kept = store.getFlowJson(neutron);
    expect(store.getFlowJson(boot.requestId)).toBe(kept);

    store.write({ flows: [flowOf(boot, 2)] });
    expect(JSON.parse(store.getFlowJson(neutron)!).updatedUs).toBe(2);
    expect(store.getFlow(neutron)?.updatedUs).toBe(2);

    store.getFlowJson(other.requestId);
    store.getFlowJson(other.requestId);
    store.write({ merges: [{ from: boot.requestId, into: other.requestId }], flows: [{ ...flowOf(other, 3), aliases: [...other.aliases.values(), boot.requestId, neutron] }] });
    expect(JSON.parse(store.getFlowJson(neutron)!)).toMatchObject({ id: other.requestId, updatedUs: 3 });

    store.getFlowJson(other.requestId);
    expect(store.prune({ maxSpans: 1 }, 0)).toMatchObject({ flows: 1 });
    expect(store.getFlowJson(other.requestId)).toBeUndefined();
    expect(store.getFlowJson(neutron)).toBeUndefined();
    store.close();
  });

  it('applies nothing of a write that throws, and serves the right resource for spans written after it', () => {
    const store = new SqliteFlowStore(':memory:');
    const factory = new SpanFactory(8);
    const bad = withSpan(factory.span({ service: 'keystone', kind: SpanKind.SERVER, name: 'POST /v3/auth/tokens', startUs: 1, durationUs: 1 }), { parentSpanId: 'not hex' });
    expect(() => store.write({ spans: [{ flowId: 'f1', spans: [bad] }] })).toThrow();
    expect(store.stats()).toEqual({ flows: 0, spans: 0 });
    const good = factory.span({ service: 'glance', kind: SpanKind.SERVER, name: 'GET /v2/images', startUs: 2, durationUs: 1 });
    store.write({ spans: [{ flowId: 'f2', spans: [good] }] });
    expect(store.getSpans('f2')).toEqual([good]);
    store.write({ spans: [{ flowId: 'f1', spans: [{ ...bad, parentSpanId: '' }] }] });
    expect(store.getSpans('f1')[0]?.resource.serviceName).toBe('keystone');
    store.close();
  });

  it('inserts a new resource again after the write that first carried it was rolled back', () => {
    const store = new SqliteFlowStore(':memory:');
    const factory = new SpanFactory(9);
    const span = factory.span({ service: 'placement', kind: SpanKind.SERVER, name: 'GET /allocation_candidates', startUs: 1, durationUs: 1 });
    const rows = store.prepare({ spans: [{ flowId: 'f1', spans: [span] }] });
    expect(rows.resources.map((r) => JSON.parse(r.json) as unknown)).toEqual([span.resource]);
    const refused = { ...rows, spans: rows.spans.map((r) => ({ ...r, flowId: null as unknown as string })) };
    expect(() => store.writeRows([refused])).toThrow(/NOT NULL/);
    store.write({ spans: [{ flowId: 'f1', spans: [span] }] });
    expect(store.getSpans('f1')).toEqual([span]);
    store.close();
  });

  it('refuses a write whose resource id another connection gave out for another resource, naming why', () => {
    const path = join(dir, 'two-writers.db');
    const first = new SqliteFlowStore(path);
    const second = new SqliteFlowStore(path);
    const factory = new SpanFactory(10);
    const nova = factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name: 'GET /', startUs: 1, durationUs: 1 });
    const cinder = factory.span({ service: 'cinder', kind: SpanKind.SERVER, name: 'GET /', startUs: 2, durationUs: 1 });
    const fromSecond = second.prepare({ spans: [{ flowId: 'c', spans: [cinder] }] });
    first.write({ spans: [{ flowId: 'n', spans: [nova] }] });
    expect(() => second.writeRows([fromSecond])).toThrow(/resource id 1 is stored for another resource/);
    expect(second.getSpans('n')[0]?.resource.serviceName).toBe('nova-api');
    expect(second.getSpans('c')).toEqual([]);
    second.write({ spans: [{ flowId: 'c', spans: [cinder] }] });
    expect(first.getSpans('c')).toEqual([cinder]);
    first.close();
    second.close();
  });

  it('serves what another connection committed to the same file since its last read', () => {
    const path = join(dir, 'shared.db');
    const boot = scriptBoot(new SpanFactory(6), 1_764_000_000_000_000);
    const flowOf = (updatedUs: number) => buildFlow({ id: boot.requestId, aliases: boot.aliases.values(), spans: boot.spans, complete: true, updatedUs, endpoints: {} }).flow;
    const reader = new SqliteFlowStore(path);
    const writer = new SqliteFlowStore(path);
    writer.write({ spans: [{ flowId: boot.requestId, spans: boot.spans }], flows: [flowOf(1)] });
    reader.getFlowJson(boot.requestId);
    expect(reader.getFlowJson(boot.requestId)).toBe(reader.getFlowJson(boot.requestId));
    writer.write({ flows: [flowOf(2)] });
    expect(reader.getFlow(boot.requestId)?.updatedUs).toBe(2);
    expect(reader.stats()).toEqual({ flows: 1, spans: boot.spans.length });
    expect(reader.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
    writer.close();
    reader.close();
  });
});
