/**
 * The simulated cloud's own logs against its traces. One cloud is traced (shims → collector →
 * analyzer) and writes oslo.log files; three servers boot and shelve through it at once. The same requests are
 * then rebuilt from the log files alone — once by following the files while they grow, once by
 * reading them afterwards — and each log-built flow must have the traced flow's components and
 * hops: same callers, callees, kinds and operations, one for one.
 *
 * Two things logs cannot show are left out of the comparison, as the analyzer e2e test does for
 * the second: database access (no log line names a query) and keystonemiddleware's token
 * validation (its own request ids, cached, openstack.md §1.5). HTTP operations are compared with
 * route parameter names blanked (`/allocations/{consumer}` in the trace is `/allocations/{id}` in
 * the log, which only has the path).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow, Hop } from '../core/flow.js';
import { startAnalyzer } from '../analyzer/index.js';
import type { Analyzer } from '../analyzer/index.js';
import { ingestLogFiles, tailLogFiles } from '../analyzer/logs/index.js';
import type { IngestStats } from '../analyzer/logs/index.js';
import { startCollector } from '../collector/collector.js';
import type { Collector } from '../collector/collector.js';
import { createTracing } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';

const NOT_IN_LOGS = new Set(['database', 'keystone']);

let logDir: string;
let traced: Analyzer;
let fromTail: Analyzer;
let fromFiles: Analyzer;
let collector: Collector;
let tracing: Tracing;
let cloud: Cloud;
let bootId: string;
let shelveId: string;
let allIds: readonly string[];
let tailStats: IngestStats;
let fileStats: IngestStats;

async function completed(analyzer: Analyzer, id: string): Promise<Flow> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await tracing.forceFlush();
    const flow = analyzer.getFlow(id);
    if (flow !== undefined && flow.status !== 'in_progress') return flow;
    if (Date.now() > deadline) throw new Error(`flow ${id} did not complete within 30 s (status ${flow?.status ?? 'unknown'})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function comparable(hops: readonly Hop[]): string[] {
  return hops
    .filter((h) => !NOT_IN_LOGS.has(h.from) && !NOT_IN_LOGS.has(h.to))
    .map((h) => `${h.from} → ${h.to} ${h.kind} ${h.operation.replace(/\{[^}]*\}/g, '{}')}`)
    .sort();
}

beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'hoptrace-sim-logs-'));
  traced = await startAnalyzer({ port: 0, quietPeriodMs: 500 });
  fromTail = await startAnalyzer({ port: 0, quietPeriodMs: 500 });
  fromFiles = await startAnalyzer({ port: 0, quietPeriodMs: 500 });
  collector = await startCollector({ receiver: { port: 0 }, exporters: [{ type: 'memory' }] }, { next: traced.ingest });
  tracing = createTracing({ endpoint: `${collector.url}/v1/traces`, batch: { scheduledDelayMillis: 50 } });
  cloud = await startCloud({ ephemeralPorts: true, hooksFor: tracing.hooksFor, stepDelayMs: 5, logDir });
  const following = new AbortController();
  const tail = tailLogFiles([logDir], fromTail.ingest, { signal: following.signal, pollMs: 50, quietMs: 300 });

  const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
  const network = NETWORKS.find((n) => n.name === 'private')!.id;
  // Three servers boot and shelve at the same time: their records interleave in every file.
  const pairs = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: `vm${n}`, imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: network }] } } });
      expect(created.status).toBe(202);
      const serverId = (created.body as { server: { id: string } }).server.id;
      await nova.waitFor(serverId, (s) => s?.['status'] === 'ACTIVE', 60_000);
      const shelved = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { shelve: null } });
      expect(shelved.status).toBe(202);
      await nova.waitFor(serverId, (s) => s?.['status'] === 'SHELVED_OFFLOADED' && s['OS-EXT-STS:task_state'] === null, 60_000);
      return [created.headers.get('x-openstack-request-id')!, shelved.headers.get('x-openstack-request-id')!] as const;
    }),
  );
  [bootId, shelveId] = pairs[0]!;
  allIds = pairs.flat();
  for (const id of allIds) await completed(traced, id);

  following.abort();
  tailStats = await tail;
  fileStats = await ingestLogFiles([logDir], fromFiles.ingest);
  for (const analyzer of [fromTail, fromFiles]) for (const id of allIds) await completed(analyzer, id);
}, 120_000);

afterAll(async () => {
  await cloud?.shutdown();
  await tracing?.shutdown();
  await collector?.shutdown();
  for (const analyzer of [traced, fromTail, fromFiles]) await analyzer?.shutdown();
  if (logDir !== undefined) await rm(logDir, { recursive: true, force: true });
});

describe.each([
  ['boot', () => bootId],
  ['shelve', () => shelveId],
])('the %s rebuilt from the cloud’s logs', (operation, idOf) => {
  it('has the traced flow’s components and hops, one for one', () => {
    const trace = traced.getFlow(idOf())!;
    const logs = fromFiles.getFlow(idOf())!;
    expect(logs).toBeDefined();
    expect(logs.operation).toBe(operation);
    expect(trace.operation).toBe(operation);
    expect(logs.graph.nodes).toEqual(trace.graph.nodes.filter((n) => !NOT_IN_LOGS.has(n)));
    expect(comparable(logs.hops)).toEqual(comparable(trace.hops));
    expect(logs.status).toBe('complete');
  });

  it('marks the RPC hops inferred and the REST hops, paired by request id, observed', () => {
    const logs = fromFiles.getFlow(idOf())!;
    for (const hop of logs.hops) expect([hop.kind, hop.inferred === true]).toEqual([hop.kind, hop.kind.startsWith('rpc_')]);
    const rpcEdges = logs.graph.edges.filter((e) => e.kind.startsWith('rpc_'));
    expect(rpcEdges.length).toBeGreaterThan(0);
    expect(rpcEdges.every((e) => e.inferred === true)).toBe(true);
  });

  it('is found by any request id of the flow, as the traced one is', () => {
    const logs = fromFiles.getFlow(idOf())!;
    const glance = logs.hops.find((h) => h.to === 'glance' && h.calleeRequestId !== undefined)!;
    expect(fromFiles.getFlow(glance.calleeRequestId!)?.id).toBe(idOf());
    // glance's own request id, read from nova-api's log line, is the one the trace recorded too.
    expect(traced.getFlow(glance.calleeRequestId!)?.id).toBe(idOf());
  });

  it('comes out the same when the files are followed while they grow', () => {
    expect(comparable(fromTail.getFlow(idOf())!.hops)).toEqual(comparable(fromFiles.getFlow(idOf())!.hops));
  });
});

describe('three boots and shelves at once', () => {
  it('each rebuilds from the interleaved logs with the traced hops, in the traced order', () => {
    const operations = allIds.map((id) => fromFiles.getFlow(id)?.operation);
    expect(operations).toEqual(['boot', 'shelve', 'boot', 'shelve', 'boot', 'shelve']);
    for (const id of allIds) {
      const inOrder = (hops: readonly Hop[]): string[] => hops.filter((h) => !NOT_IN_LOGS.has(h.from) && !NOT_IN_LOGS.has(h.to)).map((h) => `${h.from} → ${h.to} ${h.kind}`);
      expect(comparable(fromFiles.getFlow(id)!.hops)).toEqual(comparable(traced.getFlow(id)!.hops));
      expect(inOrder(fromFiles.getFlow(id)!.hops)).toEqual(inOrder(traced.getFlow(id)!.hops));
    }
  });
});

describe('log ingest of the simulated cloud', () => {
  it('reads every line of every service log and follows them without loss', () => {
    expect(fileStats.files).toBeGreaterThanOrEqual(7);
    expect(fileStats).toMatchObject({ unknownLines: 0, fileErrors: 0, spansRefused: 0 });
    expect(tailStats).toMatchObject({ records: fileStats.records, unknownLines: 0, rotations: 0, truncations: 0 });
  });
});
