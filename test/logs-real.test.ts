/**
 * hoptrace on real OpenStack logs: `OpenStack_2k.log`, 2,000 consecutive records of nova-api,
 * nova-compute and nova-scheduler from a real cloud (loghub; licence in ../shared/data). The file
 * stays outside the repository; this suite reads it from `<repo>/../shared/data/` and fails with a
 * message saying so when it is absent. Every expected value below was checked by hand with grep.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { consumerFrom } from '../core/consumer.js';
import type { Span } from '../core/span.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { createAlerting } from '../analyzer/alert/index.js';
import type { Alerting } from '../analyzer/alert/index.js';
import { ingestLogFiles, summarizeFlows } from '../analyzer/logs/index.js';
import type { BuiltFlow, IngestStats, LogSummary } from '../analyzer/logs/index.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = resolve(REPO, '../shared/data/OpenStack_2k.log');
const BOOT = 'req-6a763803-4838-49c7-814e-eaefbaddee9d';
const DELETE = 'req-c53a921a-16c7-422e-8c9d-c922a720d047';

describe('flows from the real OpenStack_2k.log sample', () => {
  if (!existsSync(SAMPLE)) {
    it('needs the sample', () => {
      throw new Error(`${SAMPLE} is absent: copy loghub's OpenStack/OpenStack_2k.log there (it is kept outside the repository for licence reasons)`);
    });
    return;
  }

  const spans: Span[] = [];
  const flows: BuiltFlow[] = [];
  let stats: IngestStats;
  let summary: LogSummary;
  beforeAll(async () => {
    stats = await ingestLogFiles([SAMPLE], consumerFrom((batch) => void spans.push(...batch)), { onFlow: (flow) => flows.push(flow) });
    summary = summarizeFlows(flows);
    const byOperation = Object.entries(summary.operations).map(([op, n]) => {
      const seconds = summary.multiService.filter((f) => f.operation === op).map((f) => f.durationUs / 1e6);
      return `${op || 'unknown'} ×${n} (${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)} s)`;
    });
    console.log(
      `OpenStack_2k.log: ${stats.records} records, ${stats.unknownLines} unknown lines, ${stats.withoutRequestId} without a request id; ` +
        `${summary.flows} requests, ${summary.multiServiceFlows} spanning more than one service: ${byOperation.join(', ')}`,
    );
  });

  it('parses every line and accounts for every record', () => {
    expect(stats).toMatchObject({ lines: 2000, records: 2000, unknownLines: 0, continuationLines: 0, grouped: 1845, withoutRequestId: 155, attachedByInstance: 42, spansRefused: 0 });
    expect(stats.spans).toBe(spans.length);
  });

  it('finds 938 requests, 43 of which span nova-api and nova-compute: 21 boots and 22 deletes', () => {
    expect(summary.flows).toBe(938);
    expect(summary.multiServiceFlows).toBe(43);
    expect(summary.operations).toEqual({ boot: 21, delete: 22 });
    expect(summary.multiService.every((f) => f.services.join() === 'nova-api,nova-compute')).toBe(true);
  });

  it('times a boot from the API request to the last compute record', () => {
    const boot = summary.multiService.find((f) => f.id === BOOT)!;
    // POST logged at 00:00:30.788 after 0.6686139 s; compute's last record at 00:00:51.794.
    // 12 records under its request id, libvirt's context-free "Instance spawned successfully.", the inferred cast's two halves.
    expect(boot).toMatchObject({ operation: 'boot', request: 'POST /v2/{id}/servers', spans: 15 });
    expect(boot.startUs).toBe(Date.UTC(2017, 4, 16, 0, 0, 30, 788) * 1000 - 668614);
    expect(boot.durationUs).toBe(21_674_614);
    const deletion = summary.multiService.find((f) => f.id === DELETE)!;
    expect(deletion).toMatchObject({ operation: 'delete', request: 'DELETE /v2/{id}/servers/{id}' });
    expect(deletion.durationUs).toBe(1_799_438);
  });

  it('places context-free libvirt records in the one user request working on their instance', () => {
    const messages = (key: string): string[] => flows.find((f) => f.key === key)!.spans.filter((s) => s.attributes[Attr.requestId] === undefined && s.attributes[Attr.logMessage] !== undefined).map((s) => String(s.attributes[Attr.logMessage]));
    expect(messages(BOOT)).toEqual(['[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance spawned successfully.']);
    expect(messages(DELETE)).toEqual(['[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance destroyed successfully.']);
  });

  it('links the external event and the delete of an instance to its boot, never merging them', () => {
    // The boot created 96abccce…; neutron's network-vif-plugged for it came as req-3e22b75e…
    // (00:00:51.633) and the user deleted it as req-d473bea3… (00:00:59.410).
    const bootRoot = flows.find((f) => f.key === BOOT)!.spans.find((s) => s.parentSpanId === '')!;
    const link = { traceId: bootRoot.traceId, spanId: bootRoot.spanId, attributes: { [Attr.instanceUuid]: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4' } };
    for (const key of ['req-3e22b75e-1c4f-4579-8a73-7ede40d3f955', 'req-d473bea3-588a-441a-8b2a-a137806f8786']) {
      const flow = flows.find((f) => f.key === key)!;
      expect(flow.spans.find((s) => s.parentSpanId === '')!.links).toEqual([link]);
      expect(flow.spans.every((s) => s.flowKey === key)).toBe(true);
    }
    expect(flows.filter((f) => f.spans.some((s) => s.name === 'POST /v2/{id}/os-server-external-events'))).toHaveLength(43);
  });

  describe('through the analyzer', () => {
    let analyzer: Analyzer;
    let alerting: Alerting;
    beforeAll(async () => {
      analyzer = await startAnalyzer({ port: 0, dbPath: ':memory:', quietPeriodMs: 200 });
      alerting = createAlerting({}, analyzer);
      await analyzer.ingest.consume(spans);
      const deadline = Date.now() + 20_000;
      while (analyzer.getFlow(BOOT)?.status !== 'complete' || alerting.list().length < 21) {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    afterAll(async () => {
      await alerting.shutdown();
      await analyzer.shutdown();
    });

    it('serves log-built flows on the query API, as dot and as a Jaeger trace', async () => {
      const flow = (await (await fetch(`${analyzer.url}/api/flows/${BOOT}`)).json()) as { id: string; hops: { inferred?: boolean }[] };
      expect(flow.id).toBe(BOOT);
      expect(flow.hops.map((h) => h.inferred === true)).toEqual([false, true]);
      const dot = await (await fetch(`${analyzer.url}/api/flows/${BOOT}?format=dot`)).text();
      expect(dot).toContain('nova-compute');
      const jaeger = (await (await fetch(`${analyzer.url}/api/flows/${BOOT}/jaeger.json`)).json()) as { data: { spans: { tags: { key: string; value: unknown }[] }[] }[] };
      expect(jaeger.data).toHaveLength(1);
      expect(jaeger.data[0]!.spans).toHaveLength(15);
      expect(jaeger.data[0]!.spans.every((s) => s.tags.some((t) => t.key === Attr.source && t.value === 'log'))).toBe(true);
    });

    it('raises alerts on log-built flows: every boot, whose conductor left no records in the sample', () => {
      // The sample has no nova-conductor log, so each boot's inferred hop runs nova-api ⇒ nova-compute
      // directly, which the shipped invariants forbid; the deletes' terminate_instance cast is allowed.
      const alerts = alerting.list();
      expect(alerts).toHaveLength(21);
      expect(new Set(alerts.map((a) => a.operation))).toEqual(new Set(['boot']));
      expect(alerts.every((a) => a.hop?.from === 'nova-api' && a.hop.to === 'nova-compute')).toBe(true);
    });

    it('rebuilds the boot as client → nova-api (observed) → nova-compute (inferred cast)', () => {
      const flow = analyzer.getFlow(BOOT)!;
      expect(flow.operation).toBe('boot');
      expect(flow.hops.map((h) => [h.from, h.to, h.kind, h.inferred === true])).toEqual([
        ['client', 'nova-api', 'http', false],
        ['nova-api', 'nova-compute', 'rpc_cast', true],
      ]);
      expect(flow.hops[0]!.operation).toBe('POST /v2/{id}/servers');
      expect(flow.graph.edges.find((e) => e.to === 'nova-compute')!.inferred).toBe(true);
      expect(flow.status).not.toBe('failed');
    });

    it('rebuilds the delete with the terminate_instance cast the topology names', () => {
      const flow = analyzer.getFlow(DELETE)!;
      expect(flow.operation).toBe('delete');
      expect(flow.hops.map((h) => `${h.from}>${h.to}:${h.kind}:${h.operation}`)).toEqual(['client>nova-api:http:DELETE /v2/{id}/servers/{id}', 'nova-api>nova-compute:rpc_cast:terminate_instance']);
    });
  });
});
