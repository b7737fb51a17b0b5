import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../core/span.js';
import { startAnalyzer } from '../index.js';
import type { Analyzer } from '../index.js';
import { scriptBoot, scriptShelve } from '../testing/boot.js';
import type { ScriptedFlow } from '../testing/boot.js';
import { SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory, withAttributes, withSpan } from '../testing/spans.js';
import { Attr } from '../../core/attributes.js';
import { jaegerTraceIdText } from '../export/jaeger/trace-id.js';

const T0 = Date.now() * 1000 - 60_000_000;
const LOST_TRACE = 'abcdef'.padEnd(32, '0');

let analyzer: Analyzer;
let boot: ScriptedFlow;
let shelve: ScriptedFlow;
let bootSpans: Span[];

/** Parsed JSON bodies are read loosely: each assertion pins the shape it relies on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function get(path: string): Promise<{ status: number; type: string; body: Json; text: string }> {
  const response = await fetch(`${analyzer.url}${path}`);
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, text, body: type.includes('json') ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  analyzer = await startAnalyzer({ port: 0, settleMs: 10, tickMs: 10, quietPeriodMs: 200, endpoints: SCRIPT_ENDPOINTS });
  const factory = new SpanFactory(11);
  boot = scriptBoot(factory, T0);
  shelve = scriptShelve(factory, T0 + 5_000_000);
  const neutronId = boot.aliases.get('neutron')!;
  bootSpans = boot.spans.map((s) => (s.attributes[Attr.requestId] === neutronId ? withAttributes(withSpan(s, { traceId: LOST_TRACE, parentSpanId: '' }), { [Attr.globalRequestId]: undefined }) : s));
  const completed = new Set<string>();
  const done = new Promise<void>((resolve) => analyzer.onFlow((flow, change) => {
    if (change === 'completed') completed.add(flow.id);
    if (completed.has(boot.requestId) && completed.has(shelve.requestId)) resolve();
  }));
  await analyzer.ingest.consume(bootSpans);
  await analyzer.ingest.consume(shelve.spans);
  await done;
});

afterAll(async () => {
  await analyzer.shutdown();
});

describe('GET /api/flows/{requestId}', () => {
  it('serves the whole flow by any of its request ids', async () => {
    for (const id of [boot.requestId, boot.aliases.get('glance')!, boot.aliases.get('neutron')!]) {
      const { status, body } = await get(`/api/flows/${id}`);
      expect(status).toBe(200);
      expect(body.id).toBe(boot.requestId);
      expect(body.status).toBe('complete');
      expect(body.graph.edges.length).toBeGreaterThan(10);
      expect(body.traceIds).toEqual([boot.spans[0]!.traceId, LOST_TRACE]);
    }
  });

  it('draws dot, mermaid and text', async () => {
    const dot = await get(`/api/flows/${boot.requestId}?format=dot`);
    expect(dot.type).toContain('text/vnd.graphviz');
    expect(dot.text).toContain('"nova-api" -> "nova-conductor"');
    const mermaid = await get(`/api/flows/${boot.requestId}?format=mermaid`);
    expect(mermaid.text.startsWith('sequenceDiagram')).toBe(true);
    const text = await get(`/api/flows/${boot.requestId}?format=text`);
    expect(text.text).toContain(`flow ${boot.requestId}  boot  complete`);
  });

  it('answers 404 naming an unknown id and 400 for an unknown format', async () => {
    const missing = await get('/api/flows/req-00000000-0000-4000-8000-00000000dead');
    expect(missing).toMatchObject({ status: 404, body: { error: { status: 404, message: 'no flow has request id req-00000000-0000-4000-8000-00000000dead' } } });
    const bad = await get(`/api/flows/${boot.requestId}?format=png`);
    expect(bad).toMatchObject({ status: 400, body: { error: { status: 400, message: 'parameter format must be one of json, dot, mermaid, text, got "png"' } } });
  });

  it('downloads the flow as a Jaeger JSON file', async () => {
    const response = await fetch(`${analyzer.url}/api/flows/${boot.aliases.get('glance')}/jaeger.json`);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${boot.requestId}.jaeger.json"`);
    const body = (await response.json()) as { data: { traceID: string; spans: { traceID: string }[] }[] };
    expect(body.data).toHaveLength(1);
    expect(body.data[0]!.traceID).toBe(jaegerTraceIdText(boot.spans[0]!.traceId));
    expect(body.data[0]!.spans).toHaveLength(boot.spans.length);
    expect(new Set(body.data[0]!.spans.map((s) => s.traceID))).toEqual(new Set([jaegerTraceIdText(boot.spans[0]!.traceId)]));
  });
});

describe('GET /api/flows', () => {
  it('searches by operation, service and status, newest first', async () => {
    expect((await get('/api/flows')).body.flows.map((f: { id: string }) => f.id)).toEqual([shelve.requestId, boot.requestId]);
    expect((await get('/api/flows?operation=boot')).body.flows.map((f: { id: string }) => f.id)).toEqual([boot.requestId]);
    expect((await get('/api/flows?service=placement&status=complete')).body.flows.map((f: { id: string }) => f.id)).toEqual([boot.requestId]);
    expect((await get(`/api/flows?since=${T0 + 1}&limit=5`)).body.flows.map((f: { id: string }) => f.id)).toEqual([shelve.requestId]);
    expect((await get('/api/flows?status=failed')).body.flows).toEqual([]);
  });

  it('answers 400 for malformed parameters', async () => {
    expect((await get('/api/flows?limit=0')).status).toBe(400);
    expect((await get('/api/flows?status=done')).body.error.message).toBe('parameter status must be one of in_progress, complete, failed, got "done"');
    expect((await get('/api/flows?since=tomorrow')).status).toBe(400);
  });
});

describe('GET /api/dependencies', () => {
  it('aggregates parent → child with call counts in Jaeger’s envelope', async () => {
    const { body } = await get(`/api/dependencies?endTs=${Math.ceil(Date.now())}&lookback=3600000`);
    expect(body.errors).toBeNull();
    expect(body.data).toContainEqual({ parent: 'nova-compute', child: 'nova-conductor', callCount: 3, errorCount: 0, kinds: ['rpc_call'] });
    expect(body.data).toContainEqual({ parent: 'nova-api', child: 'glance', callCount: 2, errorCount: 0, kinds: ['http'] });
  });
});

describe('Jaeger legacy API', () => {
  it('lists services and operations', async () => {
    const services = await get('/api/services');
    expect(services.body).toMatchObject({ total: 7, limit: 0, offset: 0, errors: null });
    expect(services.body.data).toContain('nova-compute');
    expect((await get('/api/services/placement/operations')).body.data).toEqual(['GET /allocation_candidates', 'PUT /allocations/{consumer_uuid}']);
    expect((await get('/api/operations?service=nova-api&spanKind=server')).body.data).toEqual([
      { name: 'POST /v2.1/servers', spanKind: 'server' }, { name: 'POST /v2.1/servers/{server_id}/action', spanKind: 'server' },
    ]);
    expect((await get('/api/operations')).body).toMatchObject({ data: null, errors: [{ code: 400, msg: 'parameter service is required' }] });
  });

  it('serves one flow as one trace by any of its trace ids', async () => {
    for (const id of [boot.spans[0]!.traceId, LOST_TRACE, LOST_TRACE.replace(/^0+/, '')]) {
      const { status, body } = await get(`/api/traces/${id}`);
      expect(status).toBe(200);
      expect(body.data).toHaveLength(1);
      expect(body.data[0].traceID).toBe(jaegerTraceIdText(boot.spans[0]!.traceId));
      expect(body.data[0].spans).toHaveLength(bootSpans.length);
    }
    expect((await get(`/api/traces/${'9'.repeat(32)}`))).toMatchObject({ status: 404, body: { data: null, errors: [{ code: 404, msg: 'trace not found' }] } });
    expect((await get('/api/traces/not-a-trace')).status).toBe(400);
  });

  it('searches traces by service, operation, tags and duration', async () => {
    const byOperation = await get('/api/traces?service=nova-api&operation=POST%20/v2.1/servers&limit=20');
    expect(byOperation.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([jaegerTraceIdText(boot.spans[0]!.traceId)]);
    const byTag = await get(`/api/traces?service=nova-api&tags=${encodeURIComponent(JSON.stringify({ 'openstack.operation': 'shelve' }))}`);
    expect(byTag.body.data.map((t: { traceID: string }) => t.traceID)).toEqual([jaegerTraceIdText(shelve.spans[0]!.traceId)]);
    expect((await get('/api/traces?service=nova-api&minDuration=1h')).body.data).toEqual([]);
    expect((await get('/api/traces?service=nova-api&minDuration=2s&maxDuration=1s')).status).toBe(400);
    expect((await get('/api/traces?operation=x')).status).toBe(400);
    const multi = await get(`/api/traces?traceID=${boot.spans[0]!.traceId}&traceID=${'9'.repeat(32)}`);
    expect(multi.body.data).toHaveLength(1);
    expect(multi.body.errors).toEqual([{ code: 404, msg: 'trace not found', traceID: '9'.repeat(32) }]);
  });
});

describe('Jaeger API v3', () => {
  const window = (): string => `query.startTimeMin=${new Date(T0 / 1000 - 1000).toISOString()}&query.startTimeMax=${new Date(Date.now()).toISOString()}`;

  it('lists services and operations', async () => {
    expect((await get('/api/v3/services')).body.services).toContain('glance');
    expect((await get('/api/v3/operations?service=glance&spanKind=server')).body.operations).toContainEqual({ name: 'POST /v2/images', spanKind: 'server' });
  });

  it('serves a trace as OTLP JSON with the flow’s trace id on every span', async () => {
    const { status, body } = await get(`/api/v3/traces/${LOST_TRACE}`);
    expect(status).toBe(200);
    const spans = body.result.resourceSpans.flatMap((r: Json) => r.scopeSpans.flatMap((s: Json) => s.spans));
    expect(spans).toHaveLength(bootSpans.length);
    expect(new Set(spans.map((s: Json) => s.traceId))).toEqual(new Set([boot.spans[0]!.traceId]));
    expect((await get(`/api/v3/traces/${'9'.repeat(32)}`))).toMatchObject({ status: 404, body: { error: { grpcCode: 5, httpCode: 404, message: 'No traces found' } } });
  });

  it('searches traces and summaries; requires the time window; 404 when nothing matches', async () => {
    const found = await get(`/api/v3/traces?query.serviceName=nova-compute&${window()}`);
    expect(found.status).toBe(200);
    expect((await get(`/api/v3/traces?query.serviceName=nova-compute`)).body.error.message).toBe('parameter query.startTimeMin is required');
    expect((await get(`/api/v3/traces?query.serviceName=keystone&${window()}`)).status).toBe(404);
    const summaries = await get(`/api/v3/trace-summaries?query.service_name=nova-api&${window().replace(/query\.startTime(Min|Max)/g, (_m, w: string) => `query.start_time_${w.toLowerCase()}`)}`);
    expect(summaries.body.summaries.map((s: Json) => s.rootOperationName)).toEqual(['POST /v2.1/servers/{server_id}/action', 'POST /v2.1/servers']);
    expect(summaries.body.summaries[1]).toMatchObject({ traceId: boot.spans[0]!.traceId, rootServiceName: 'nova-api', spanCount: bootSpans.length, errorSpanCount: 0 });
  });
});

describe('the query service', () => {
  it('answers unknown routes with a JSON 404 and counts refusals', async () => {
    const before = analyzer.counters().query.clientErrors;
    expect(await get('/api/nothing')).toMatchObject({ status: 404, body: { error: { status: 404, message: 'no route GET /api/nothing' } } });
    expect(analyzer.counters().query.clientErrors).toBe(before + 1);
  });

  it('refuses a batch with invalid span ids and counts it', async () => {
    await expect(analyzer.ingest.consume([withSpan(boot.spans[0]!, { spanId: 'zz' })])).rejects.toThrow('1 of 1 spans have an invalid trace or span id; batch refused');
    expect(analyzer.counters().spansRefused).toBe(1);
  });
});
