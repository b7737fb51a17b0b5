import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { SpanKind, isValidSpanId, isValidTraceId } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { buildFlow } from '../reconstruct/build-flow.js';
import { logFlowsToSpans } from './build.js';
import { A, BOOT_FILES, E, G, P, UUID, bootRecords } from './testdata/boot-fixture.js';

function analyze(spans: readonly Span[], id: string): ReturnType<typeof buildFlow>['flow'] {
  return buildFlow({ id, aliases: [], spans, complete: true, updatedUs: 0, endpoints: {} }).flow;
}

describe('logFlowsToSpans on a simulated boot', () => {
  const { flows, stats } = logFlowsToSpans(bootRecords());
  const boot = flows.find((f) => f.key === A)!;

  it('groups by request id, joining callee ids through global ids and used-request-id lines', () => {
    expect(flows.map((f) => f.key)).toEqual([A, E]);
    expect(stats).toEqual({ grouped: 13, withoutRequestId: 1, attachedByInstance: 0 }); // the [-] record comes after the boot's last compute record
    expect(boot.operation).toBe('boot');
    expect(new Set(boot.spans.map((s) => s.attributes[Attr.requestId]))).toEqual(new Set([A, G, P]));
    expect(boot.spans.every((s) => s.flowKey === A && s.traceId === boot.spans[0]!.traceId)).toBe(true);
  });

  it('builds valid, well-parented spans: one root, every parent present', () => {
    const ids = new Set(boot.spans.map((s) => s.spanId));
    expect(ids.size).toBe(boot.spans.length);
    expect(boot.spans.every((s) => isValidSpanId(s.spanId) && isValidTraceId(s.traceId) && s.endUs >= s.startUs)).toBe(true);
    const roots = boot.spans.filter((s) => s.parentSpanId === '');
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ kind: SpanKind.SERVER, name: 'POST /v2.1/servers', resource: { serviceName: 'nova-api' } });
    expect(roots[0]!.attributes[Attr.operation]).toBe('boot');
    expect(boot.spans.filter((s) => s.parentSpanId !== '').every((s) => ids.has(s.parentSpanId))).toBe(true);
    expect(boot.spans.every((s) => s.attributes[Attr.source] === 'log')).toBe(true);
  });

  it('gives the analyzer the boot hops: observed REST pairs, inferred RPC pairs', () => {
    const flow = analyze(boot.spans, A);
    expect(flow.operation).toBe('boot');
    expect(flow.hops.map((h) => [h.from, h.to, h.kind, h.operation, h.inferred === true])).toEqual([
      ['client', 'nova-api', 'http', 'POST /v2.1/servers', false],
      ['nova-api', 'glance', 'http', 'GET /v2/images/{id}', false],
      ['nova-api', 'nova-conductor', 'rpc_cast', 'schedule_and_build_instances', true],
      ['nova-conductor', 'nova-scheduler', 'rpc_call', 'select_destinations', true],
      ['nova-scheduler', 'placement', 'http', 'GET /allocation_candidates', false],
      ['nova-conductor', 'nova-compute', 'rpc_cast', 'build_and_run_instance', true],
    ]);
    expect(flow.hops.find((h) => h.to === 'glance')!.calleeRequestId).toBe(G);
    expect(flow.graph.nodes).toEqual(['client', 'nova-api', 'glance', 'nova-conductor', 'nova-scheduler', 'placement', 'nova-compute']);
    expect(flow.warnings).toEqual([]);
  });

  it('times hops from the records: the access line ends the server span, `time:` gives its start', () => {
    const root = boot.spans.find((s) => s.parentSpanId === '')!;
    expect(root.endUs - root.startUs).toBe(12_000);
    const glance = boot.spans.find((s) => s.resource.serviceName === 'glance' && s.kind === SpanKind.SERVER)!;
    const client = boot.spans.find((s) => s.spanId === glance.parentSpanId)!;
    expect(client).toMatchObject({ kind: SpanKind.CLIENT, resource: { serviceName: 'nova-api' }, startUs: glance.startUs });
    expect(client.attributes[Attr.calleeRequestId]).toBe(G);
    expect(client.attributes[Attr.peerService]).toBe('glance');
  });

  it('keeps the external-event request a separate flow, linked by instance uuid', () => {
    const event = flows.find((f) => f.key === E)!;
    const root = event.spans.find((s) => s.parentSpanId === '')!;
    const bootRoot = boot.spans.find((s) => s.parentSpanId === '')!;
    expect(root.links).toEqual([{ traceId: bootRoot.traceId, spanId: bootRoot.spanId, attributes: { [Attr.instanceUuid]: UUID } }]);
    expect(event.spans.every((s) => s.flowKey === E)).toBe(true);
  });

  it('is deterministic whatever order the files are read in', () => {
    const reversed = logFlowsToSpans(bootRecords(Object.keys(BOOT_FILES).reverse())).flows.find((f) => f.key === A)!;
    const key = (s: Span): string => `${s.traceId}/${s.spanId}/${s.parentSpanId}/${s.kind}/${s.startUs}/${s.endUs}`;
    expect(reversed.spans.map(key).sort()).toEqual(boot.spans.map(key).sort());
  });

  it('maps a record to an INTERNAL event span with every field', () => {
    const event = boot.spans.find((s) => s.attributes[Attr.logMessage] === `[instance: ${UUID}] Selected host: compute-1`)!;
    expect(event).toMatchObject({ kind: SpanKind.INTERNAL, name: 'nova.scheduler.manager', resource: { serviceName: 'nova-scheduler', attributes: { [Attr.processPid]: 400 } } });
    expect(event.startUs).toBe(event.endUs);
    expect(event.attributes).toMatchObject({
      [Attr.requestId]: A,
      [Attr.userId]: 'u1',
      [Attr.projectId]: 'p1',
      [Attr.instanceUuid]: UUID,
      [Attr.logLevel]: 'INFO',
      [Attr.logFilePath]: '/var/log/nova-scheduler.log',
      [Attr.logLine]: 3,
    });
    const parent = boot.spans.find((s) => s.spanId === event.parentSpanId)!;
    expect(parent).toMatchObject({ kind: SpanKind.SERVER, resource: { serviceName: 'nova-scheduler' } });
  });
});
