import { describe, expect, it } from 'vitest';
import type { Flow } from '../../core/flow.js';
import { BOOT_EDGES, scriptBoot, scriptShelve } from '../testing/boot.js';
import { SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory } from '../testing/spans.js';
import { buildFlow } from './build-flow.js';
import { encodeProtoRequest } from '../../collector/otlp/encode-proto.js';
import { decodeProtoRequest } from '../../collector/otlp/decode-proto.js';
import { DecodedSpan } from '../../collector/otlp/decoded-span.js';
import { flowKeyFrom } from '../../collector/processor/normalise.js';

const T0 = 1_764_000_000_000_000;

function edgesOf(flow: Flow): string[] {
  return flow.graph.edges.map((e) => `${e.from} ${e.kind} ${e.to} ${e.operation}`);
}

function build(spans: Parameters<typeof buildFlow>[0]['spans'], id: string, complete = false): Flow {
  return buildFlow({ id, aliases: [], spans, complete, updatedUs: T0, endpoints: SCRIPT_ENDPOINTS }).flow;
}

describe('buildFlow', () => {
  it('rebuilds the boot call graph with kinds, operations and first-seen order', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const flow = build(boot.spans, boot.requestId);
    expect(edgesOf(flow)).toEqual(BOOT_EDGES);
    expect(flow.operation).toBe('boot');
    expect(flow.graph.nodes).toEqual(['client', 'nova-api', 'glance', 'neutron', 'database', 'nova-conductor', 'nova-scheduler', 'placement', 'nova-compute']);
    expect(flow.warnings).toEqual([]);
    expect(flow.status).toBe('in_progress');
  });

  it('aggregates repeated hops on one edge with count, total and max duration', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const objectAction = build(boot.spans, boot.requestId).graph.edges.find((e) => e.operation === 'object_action')!;
    expect(objectAction).toMatchObject({ count: 2, totalDurationUs: 10_000, maxDurationUs: 5_000, errors: 0 });
  });

  it('numbers hops by the caller start and records the callee request id of REST hops', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const flow = build(boot.spans, boot.requestId);
    expect(flow.hops.map((h) => h.seq)).toEqual(flow.hops.map((_, i) => i + 1));
    expect(flow.hops[1]).toMatchObject({ from: 'nova-api', to: 'glance', calleeRequestId: boot.aliases.get('glance') });
    expect(flow.hops.every((h, i) => i === 0 || h.startUs >= flow.hops[i - 1]!.startUs)).toBe(true);
  });

  it("keeps casts off the caller's critical path", () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const flow = build(boot.spans, boot.requestId);
    const onPath = flow.criticalPath.map((seq) => flow.hops[seq - 1]!);
    expect(onPath[0]).toMatchObject({ from: 'client', to: 'nova-api' });
    expect(onPath.some((h) => h.to === 'nova-compute' || h.to === 'nova-scheduler')).toBe(false);
    expect(onPath.map((h) => h.to)).toContain('glance');
  });

  it('marks a flow failed when a span of real work failed, but not for a handled 4xx', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const failed = boot.spans.map((s) => (s.name === 'process conductor' ? { ...s, statusCode: 2 as const } : s));
    expect(build(failed, boot.requestId, true).status).toBe('failed');
    const handled = boot.spans.map((s) => (s.kind === 3 && s.name === 'GET' ? { ...s, statusCode: 2 as const, attributes: { ...s.attributes, 'http.response.status_code': 404 } } : s));
    expect(build(handled, boot.requestId, true).status).toBe('complete');
  });

  it('sees the final hop of a boot and of a shelve', () => {
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    expect(buildFlow({ id: boot.requestId, aliases: [], spans: boot.spans, complete: false, updatedUs: 0, endpoints: {} }).finalHopSeen).toBe(true);
    const withoutFanout = boot.spans.filter((s) => !s.name.includes('fanout'));
    expect(buildFlow({ id: boot.requestId, aliases: [], spans: withoutFanout, complete: false, updatedUs: 0, endpoints: {} }).finalHopSeen).toBe(false);
    const shelve = scriptShelve(factory, T0);
    const built = buildFlow({ id: shelve.requestId, aliases: [], spans: shelve.spans, complete: false, updatedUs: 0, endpoints: {} });
    expect(built.finalHopSeen).toBe(true);
    expect(edgesOf(built.flow)).toEqual([
      'client http nova-api POST /v2.1/servers/{server_id}/action',
      'nova-api http glance POST /v2/images',
      'nova-api rpc_cast nova-compute shelve_instance',
      'nova-compute http glance PUT /v2/images/{image_id}/file',
      'nova-compute rpc_call nova-conductor object_action',
    ]);
  });

  it('names the peer of unpaired callers from endpoints, topics and URL paths', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const callersOnly = boot.spans.filter((s) => s.kind !== 4 + 1 && !(s.kind === 2 && s.parentSpanId !== ''));
    const flow = buildFlow({ id: boot.requestId, aliases: [], spans: callersOnly, complete: false, updatedUs: 0, endpoints: {} }).flow;
    expect(edgesOf(flow).map((e) => e.split(' ').slice(0, 3).join(' '))).toEqual(expect.arrayContaining([
      'nova-api http glance', 'nova-api http neutron', 'nova-api rpc_cast nova-conductor', 'nova-scheduler http placement',
    ]));
    expect(edgesOf(flow)).toContain('nova-api http glance GET /v2/images/{id}');
  });

  it('propagates inferred to hops and edges', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const inferred = boot.spans.map((s) => (s.resource.serviceName === 'glance' ? { ...s, attributes: { ...s.attributes, 'hoptrace.inferred': true } } : s));
    const flow = build(inferred, boot.requestId);
    expect(flow.hops.find((h) => h.to === 'glance')?.inferred).toBe(true);
    expect(flow.graph.edges.find((e) => e.to === 'glance')?.inferred).toBe(true);
    expect(flow.graph.edges.find((e) => e.to === 'neutron')?.inferred).toBeUndefined();
  });

  it('rebuilds lazily decoded spans from the keys their decoder captured, building no attribute map', () => {
    const boot = scriptBoot(new SpanFactory(), T0);
    const body = encodeProtoRequest(boot.spans.map((s) => ({ ...s, resource: { ...s.resource, attributes: { ...s.resource.attributes, 'service.name': s.resource.serviceName } } })));
    const lazy = decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true });
    const eager = decodeProtoRequest(body, { keyOf: flowKeyFrom });
    const flow = build(lazy, boot.requestId, true);
    expect(lazy.filter((span) => DecodedSpan.sourceOf(span) === undefined)).toEqual([]);
    expect(flow).toEqual(build(eager, boot.requestId, true));
    expect(edgesOf(flow)).toEqual(BOOT_EDGES);
  });
});
