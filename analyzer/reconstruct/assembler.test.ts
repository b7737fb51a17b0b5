import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { assemblerSetup, edges, T0 } from '../testing/assembler.js';
import { BOOT_EDGES, nthInstanceUuid, scriptBoot, scriptExternalEvent, scriptShelve } from '../testing/boot.js';
import { FlowScript } from '../testing/flow-script.js';
import { SpanFactory, withAttributes, withSpan } from '../testing/spans.js';

function shuffle<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('FlowAssembler', () => {
  it('groups out-of-order batches into one flow, served by every request id', () => {
    const { assembler } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    const spans = shuffle(boot.spans);
    for (let i = 0; i < spans.length; i += 5) assembler.add(spans.slice(i, i + 5));
    expect(assembler.inFlight).toBe(1);
    expect(edges(assembler.getFlow(boot.requestId))).toEqual(BOOT_EDGES);
    for (const alias of boot.aliases.values()) expect(assembler.getFlow(alias)?.id).toBe(boot.requestId);
  });

  it('announces a version first built by a read on the next tick', () => {
    const { assembler, events, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans.slice(0, 10));
    expect(assembler.getFlow(boot.requestId)?.spanCount).toBe(10);
    expect(events).toHaveLength(0);
    advance(10);
    expect(events.map(([, change, flow]) => `${change} ${flow.spanCount}`)).toEqual(['updated 10']);
    advance(10);
    expect(events).toHaveLength(1);
  });

  it('re-opens a completed flow for a span that arrives minutes late and completes it again', () => {
    const { assembler, store, events, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    const late = boot.spans.find((s) => s.resource.serviceName === 'neutron' && s.name.startsWith('POST'))!;
    assembler.add(boot.spans.filter((s) => s !== late));
    advance(300);
    expect(store.getFlow(boot.requestId)?.spanCount).toBe(boot.spans.length - 1);
    advance(5 * 60_000);
    assembler.add([late]);
    expect(assembler.inFlight).toBe(1);
    advance(300);
    expect(events.filter(([, c]) => c === 'completed')).toHaveLength(2);
    expect(store.getFlow(boot.requestId)?.spanCount).toBe(boot.spans.length);
    expect(assembler.counts.reopened).toBe(1);
  });

  it('merges a callee that lost both trace context and global id once its caller names its request id', () => {
    const { assembler, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    const glanceId = boot.aliases.get('glance')!;
    const broken = boot.spans.map((s) => (s.resource.serviceName === 'glance' && s.attributes[Attr.requestId] === glanceId
      ? withAttributes(withSpan(s, { traceId: 'a'.repeat(32), parentSpanId: '' }), { [Attr.globalRequestId]: undefined }) : s));
    const glance = broken.filter((s) => s.traceId === 'a'.repeat(32));
    assembler.add(glance);
    expect(assembler.getFlow(glanceId)?.id).toBe(glanceId);
    assembler.add(broken.filter((s) => s.traceId !== 'a'.repeat(32)));
    const flow = assembler.getFlow(glanceId)!;
    expect(flow.id).toBe(boot.requestId);
    expect(flow.traceIds).toEqual([boot.spans[0]!.traceId, 'a'.repeat(32)]);
    expect(edges(flow)).toEqual(BOOT_EDGES);
    expect(flow.warnings).toEqual([expect.stringContaining('trace context lost between nova-api and glance')]);
    advance(300);
    expect(assembler.counts.merges).toBe(1);
  });

  it('joins spans without request ids to their trace’s flow', () => {
    const { assembler } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    const anonymous = boot.spans.map((s) => (s.resource.serviceName === 'placement' ? withAttributes(s, { [Attr.requestId]: undefined, [Attr.globalRequestId]: undefined }) : s));
    assembler.add(anonymous.filter((s) => s.resource.serviceName === 'placement'));
    assembler.add(anonymous.filter((s) => s.resource.serviceName !== 'placement'));
    expect(assembler.inFlight).toBe(1);
    expect(edges(assembler.getFlow(boot.requestId))).toEqual(BOOT_EDGES);
  });

  it('ignores re-delivered spans and says so on the flow', () => {
    const { assembler, store, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans);
    assembler.add(boot.spans.slice(0, 4));
    expect(assembler.getFlow(boot.requestId)?.warnings).toContain('4 re-delivered span(s) ignored');
    advance(300);
    expect(store.stats().spans).toBe(boot.spans.length);
  });

  it('links the external-event flow to the boot it belongs to by instance uuid, without merging', () => {
    const { assembler } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    const events = scriptExternalEvent(factory, T0 + 300_000);
    assembler.add(boot.spans);
    assembler.add(events.spans);
    const bootFlow = assembler.getFlow(boot.requestId)!;
    const eventFlow = assembler.getFlow(events.requestId)!;
    expect(eventFlow.id).not.toBe(bootFlow.id);
    expect(eventFlow.links).toEqual([{ flowId: boot.requestId, relation: 'external_event', instanceUuid: 'c0ffee00-0000-4000-8000-000000000001' }]);
    expect(assembler.getFlow(boot.requestId)!.links).toEqual([{ flowId: events.requestId, relation: 'external_event', instanceUuid: 'c0ffee00-0000-4000-8000-000000000001' }]);
  });

  it('links an external event to a boot re-opened by a late span, both ways', () => {
    const { assembler, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    assembler.add(boot.spans);
    advance(300);
    expect(assembler.inFlight).toBe(0);
    assembler.add([factory.span({ service: 'nova-api', kind: SpanKind.INTERNAL, name: 'late', startUs: T0 + 70_000, durationUs: 10, requestId: boot.requestId, parent: boot.spans[0] })]);
    expect(assembler.counts.reopened).toBe(1);
    const events = scriptExternalEvent(factory, T0 + 300_000);
    assembler.add(events.spans);
    advance(20);
    advance(20);
    expect(assembler.getFlow(boot.requestId)!.links).toEqual([{ flowId: events.requestId, relation: 'external_event', instanceUuid: 'c0ffee00-0000-4000-8000-000000000001' }]);
  });

  it('searches stored flows past those re-opened in flight, whose live version no longer matches', async () => {
    const { assembler, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const [older, newer] = [scriptBoot(factory, T0), scriptBoot(factory, T0 + 1_000_000)];
    assembler.add([...older.spans, ...newer.spans]);
    advance(300);
    expect((await assembler.searchFlows({ status: 'complete', limit: 5 })).map((f) => f.id)).toEqual([newer.requestId, older.requestId]);
    assembler.add([factory.span({ service: 'nova-api', kind: SpanKind.INTERNAL, name: 'late', startUs: T0 + 1_070_000, durationUs: 10, requestId: newer.requestId, parent: newer.spans[0] })]);
    expect(assembler.getFlow(newer.requestId)?.status).toBe('in_progress');
    expect((await assembler.searchFlows({ status: 'complete', limit: 1 })).map((f) => f.id)).toEqual([older.requestId]);
    expect((await assembler.searchFlows({ limit: 1 })).map((f) => f.id)).toEqual([newer.requestId]);
  });

  it('lets the event loop run while a search rebuilds changed flows, and finds a flow completed meanwhile once', async () => {
    const { assembler, advance } = assemblerSetup({ rebuildSliceMs: 0 });
    const factory = new SpanFactory();
    const boots = Array.from({ length: 20 }, (_, i) => scriptBoot(factory, T0 + i * 1_000_000, nthInstanceUuid(i)));
    assembler.add(boots.flatMap((b) => b.spans));
    let loopRan = false;
    setImmediate(() => {
      loopRan = true;
      advance(300);
    });
    const found = await assembler.searchFlows({ limit: 100 });
    expect(loopRan).toBe(true);
    expect(assembler.counts.completed).toBeGreaterThan(0);
    expect(found.map((f) => f.id)).toEqual(boots.map((b) => b.requestId).reverse());
  });

  it('takes a flow merged into another while a search let the event loop run as that other', async () => {
    const { assembler } = assemblerSetup({ rebuildSliceMs: 0 });
    const factory = new SpanFactory();
    const shelve = scriptShelve(factory, T0);
    const boot = scriptBoot(factory, T0 + 1_000_000);
    const glanceId = boot.aliases.get('glance')!;
    const broken = boot.spans.map((s) => (s.resource.serviceName === 'glance' && s.attributes[Attr.requestId] === glanceId
      ? withAttributes(withSpan(s, { traceId: 'a'.repeat(32), parentSpanId: '' }), { [Attr.globalRequestId]: undefined }) : s));
    assembler.add(shelve.spans);
    assembler.add(broken.filter((s) => s.traceId === 'a'.repeat(32)));
    setImmediate(() => assembler.add(broken.filter((s) => s.traceId !== 'a'.repeat(32))));
    const found = await assembler.searchFlows({ limit: 10 });
    expect(assembler.counts.merges).toBe(1);
    expect(found.map((f) => f.id)).toEqual([boot.requestId, shelve.requestId]);
    expect(found[0]!.spanCount).toBe(boot.spans.length);
  });

  it('puts a span without request ids in its parent’s flow even when it arrives first', () => {
    const { assembler, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    const root = boot.spans[0]!;
    const token = factory.span({ service: 'nova-api', kind: 3, name: 'GET', startUs: T0 + 100, durationUs: 500, parent: root, attributes: { [Attr.httpMethod]: 'GET', [Attr.urlFull]: 'http://keystone.test:5000/v3/auth/tokens', [Attr.calleeRequestId]: 'req-00000000-0000-4000-8000-00000000000b' } });
    const keystone = factory.span({ service: 'keystone', kind: 2, name: 'GET /v3/auth/tokens', startUs: T0 + 150, durationUs: 400, parent: token, requestId: 'req-00000000-0000-4000-8000-00000000000b', attributes: { [Attr.httpRoute]: '/v3/auth/tokens', [Attr.httpMethod]: 'GET' } });
    assembler.add([keystone, token]);
    expect(assembler.inFlight).toBe(1);
    assembler.add(boot.spans);
    advance(10);
    const flow = assembler.getFlow(boot.requestId)!;
    expect(flow.spanCount).toBe(boot.spans.length + 2);
    expect(edges(flow)).toContain('nova-api http keystone GET /v3/auth/tokens');
    expect(assembler.getFlow('req-00000000-0000-4000-8000-00000000000b')?.id).toBe(boot.requestId);
    expect(assembler.inFlight).toBe(1);
  });

  it('sends a parked span to its trace’s flow when its parent never comes', () => {
    const { assembler, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    const stray = withSpan(factory.span({ service: 'glance', kind: 1, name: 'internal', startUs: T0 + 5000, durationUs: 10, parent: boot.spans[0]! }), { parentSpanId: 'f'.repeat(16) });
    assembler.add(boot.spans);
    assembler.add([stray]);
    expect(assembler.getFlow(boot.requestId)!.spanCount).toBe(boot.spans.length);
    advance(250);
    expect(assembler.spansOf(boot.requestId)).toHaveLength(boot.spans.length + 1);
  });

  it('links two flows joined by a span link, and gives a flow inside another’s trace its own trace id', () => {
    const { assembler } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    const events = new FlowScript(factory);
    const root = events.root('POST', '/v2.1/os-server-external-events', 'external_event', T0 + 300_000, 5_000);
    const linked = { ...root, traceId: boot.spans[0]!.traceId, parentSpanId: boot.spans[5]!.spanId, links: [{ traceId: boot.spans[0]!.traceId, spanId: boot.spans[0]!.spanId, attributes: {} }] };
    assembler.add(boot.spans);
    assembler.add([linked]);
    const eventFlow = assembler.getFlow(events.requestId)!;
    expect(eventFlow.links).toEqual([{ flowId: boot.requestId, relation: 'external_event' }]);
    expect(eventFlow.traceIds[0]).not.toBe(boot.spans[0]!.traceId);
    expect(eventFlow.traceIds[1]).toBe(boot.spans[0]!.traceId);
    expect(assembler.flowIdOfTrace(boot.spans[0]!.traceId)).toBe(boot.requestId);
    expect(assembler.flowIdOfTrace(eventFlow.traceIds[0]!)).toBe(events.requestId);
    expect(assembler.getFlow(boot.requestId)!.links).toEqual([{ flowId: events.requestId, relation: 'external_event' }]);
  });

  it('rebuilds a flow that keeps receiving spans at most once per rebuild interval', () => {
    const { assembler, events, advance } = assemblerSetup({ rebuildIntervalMs: 100 });
    const boot = scriptBoot(new SpanFactory(), T0);
    for (let i = 0; i < 10; i++) {
      assembler.add(boot.spans.slice(i * 2, i * 2 + 2));
      advance(20);
    }
    expect(events.filter(([, c]) => c === 'updated').length).toBeLessThanOrEqual(3);
    advance(200);
    expect(events.at(-1)![2].spanCount).toBe(20);
  });

  it('announces each new version of a flow still receiving spans on the next tick', () => {
    const { assembler, events, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    const spanCounts = (): number[] => events.filter(([, c]) => c === 'updated').map(([, , flow]) => flow.spanCount);
    for (const n of [4, 8, 12]) {
      assembler.add(boot.spans.slice(n - 4, n));
      advance(20);
      advance(20);
    }
    expect(spanCounts()).toEqual([4, 8, 12]);
  });

  it('announces a flow that another flow linked to on the next tick, before either completes', () => {
    const { assembler, events, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    const external = scriptExternalEvent(factory, T0 + 300_000);
    assembler.add(boot.spans);
    advance(20);
    assembler.add(external.spans);
    advance(20);
    advance(20);
    const lastBoot = events.filter(([id, c]) => id === boot.requestId && c === 'updated').at(-1)?.[2];
    expect(lastBoot?.links).toEqual([{ flowId: external.requestId, relation: 'external_event', instanceUuid: 'c0ffee00-0000-4000-8000-000000000001' }]);
    expect(events.some(([, c]) => c === 'completed')).toBe(false);
  });

  it('keeps flows separate when their spans interleave in every batch', () => {
    const { assembler } = assemblerSetup();
    const factory = new SpanFactory();
    const flows = Array.from({ length: 20 }, (_, i) => scriptBoot(factory, T0 + i * 1000));
    const all: Span[] = shuffle(flows.flatMap((f) => f.spans));
    for (let i = 0; i < all.length; i += 37) assembler.add(all.slice(i, i + 37));
    expect(assembler.inFlight).toBe(20);
    for (const f of flows) expect(assembler.getFlow(f.requestId)?.spanCount).toBe(f.spans.length);
  });

  it('stores in-flight flows on close so that they are served afterwards', async () => {
    const { assembler, store } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans.slice(0, 10));
    await assembler.close();
    expect(store.getFlow(boot.requestId)).toMatchObject({ status: 'in_progress', spanCount: 10 });
  });
});
