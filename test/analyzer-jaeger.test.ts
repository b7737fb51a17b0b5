/**
 * hoptrace's Jaeger surface against a real Jaeger v2 (built from its Go module by
 * bench/peers/jaeger.sh; run `bash bench/peers/jaeger.sh build` once, about 20 minutes): a flow
 * exported over OTLP/HTTP is served back by Jaeger exactly as hoptrace renders it, one trace even
 * though one span came in another trace; services and operations answer alike.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../core/span.js';
import type { Flow } from '../core/flow.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { toJaegerTrace } from '../analyzer/export/jaeger/model.js';
import type { JaegerTrace } from '../analyzer/export/jaeger/model.js';
import { exportFlowOverOtlp } from '../analyzer/export/jaeger/otlp-export.js';
import { buildFlow } from '../analyzer/reconstruct/build-flow.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { compareJaegerTraces } from '../analyzer/testing/jaeger-compare.js';
import { SpanFactory, withSpan } from '../analyzer/testing/spans.js';
import { locatePeer } from '../bench/peers/locate.js';
import { freePort, startPeer } from '../bench/peers/process.js';
import type { PeerProcess } from '../bench/peers/process.js';

let jaeger: PeerProcess;
let otlpUrl = '';
let queryUrl = '';
let analyzer: Analyzer;
let spans: Span[];
let flow: Flow;

async function jaegerGet<T>(path: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${queryUrl}${path}`);
    if (response.ok) return (await response.json()) as T;
    if (attempt > 50) throw new Error(`Jaeger answered ${response.status} to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  const located = await locatePeer('jaeger', 'path');
  if (!located.ok) throw new Error(`Jaeger v2 is needed: run \`bash bench/peers/jaeger.sh build\` (${located.reason})`);
  const [otlp, query, grpc, health] = [await freePort(), await freePort(), await freePort(), await freePort()];
  otlpUrl = `http://127.0.0.1:${otlp}`;
  queryUrl = `http://127.0.0.1:${query}`;
  jaeger = await startPeer({
    name: 'jaeger-v2', binary: located.binary, args: ['--config', join(import.meta.dirname, '..', 'bench', 'peers', 'jaeger.yaml')],
    env: { JAEGER_OTLP_HTTP_PORT: String(otlp), JAEGER_QUERY_HTTP_PORT: String(query), JAEGER_QUERY_GRPC_PORT: String(grpc), JAEGER_HEALTH_PORT: String(health) },
    tracesUrl: `${otlpUrl}/v1/traces`,
  });
  const boot = scriptBoot(new SpanFactory(77), Date.now() * 1000 - 10_000_000);
  spans = boot.spans.map((s, i) => (i === 3
    ? { ...withSpan(s, { traceId: `${'c'.repeat(31)}d` }), statusCode: 2 as const, statusMessage: 'boom', events: [{ timeUs: s.startUs + 5, name: 'retry', attributes: { n: 1.5, k: 'v' } }] }
    : s));
  flow = buildFlow({ id: boot.requestId, aliases: [], spans, complete: true, updatedUs: 0, endpoints: {} }).flow;
  analyzer = await startAnalyzer({ port: 0, settleMs: 10, tickMs: 10 });
  const completed = new Promise((resolve) => analyzer.onFlow((_f, change) => change === 'completed' && resolve(undefined)));
  await analyzer.ingest.consume(spans);
  await completed;
}, 120_000);

afterAll(async () => {
  await analyzer?.shutdown();
  await jaeger?.stop();
});

describe('against a real Jaeger v2', () => {
  it('serves an exported flow exactly as hoptrace renders it, as one trace', async () => {
    expect(await exportFlowOverOtlp({ endpoint: otlpUrl }, flow, spans)).toEqual({ ok: true, spans: spans.length });
    const ours = toJaegerTrace(flow, spans);
    const theirs = (await jaegerGet<{ data: JaegerTrace[] }>(`/api/traces/${ours.traceID}?raw=true`)).data[0]!;
    expect(theirs.spans).toHaveLength(spans.length);
    expect(compareJaegerTraces(ours, theirs)).toEqual([]);
    const served = (await (await fetch(`${analyzer.url}/api/traces/${ours.traceID}`)).json()) as { data: JaegerTrace[] };
    expect(compareJaegerTraces(served.data[0]!, theirs)).toEqual([]);
  });

  it('lists the same services and operations', async () => {
    const [ourServices, theirServices] = await Promise.all([
      (await fetch(`${analyzer.url}/api/services`)).json() as Promise<{ data: string[] }>,
      jaegerGet<{ data: string[] }>('/api/services'),
    ]);
    expect([...ourServices.data].sort()).toEqual([...theirServices.data].sort());
    for (const service of ['placement', 'nova-compute']) {
      const ours = (await (await fetch(`${analyzer.url}/api/operations?service=${service}`)).json()) as { data: { name: string; spanKind: string }[] };
      const theirs = await jaegerGet<{ data: { name: string; spanKind: string }[] }>(`/api/operations?service=${service}`);
      const key = (o: { name: string; spanKind: string }): string => `${o.spanKind} ${o.name}`;
      expect(ours.data.map(key).sort()).toEqual(theirs.data.map(key).sort());
    }
  });
});
