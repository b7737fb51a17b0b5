/**
 * Alerts from logs alone, where no tracing is deployed: the simulated cloud runs without any
 * shims, writes its oslo.log files, and boots a server; the files are ingested into an analyzer
 * with the shipped alert models. A clean boot raises nothing; a fault that a log line reveals
 * raises the alert the traced pipeline raises for it (test/alerts-faults.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlerting } from '../analyzer/alert/index.js';
import type { Alert } from '../analyzer/alert/index.js';
import { startAnalyzer } from '../analyzer/index.js';
import { ingestLogFiles } from '../analyzer/logs/index.js';
import { startCloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import type { FaultSwitches } from '../sim/kit/faults.js';
import { novaClient } from '../sim/nova/testing/client.js';

/** Boots vm1 on a cloud with `faults`, untraced, then rebuilds its logs; resolves with the boot's request id and every alert. */
async function bootFromLogs(faults: FaultSwitches): Promise<{ requestId: string; alerts: Alert[]; hops: string[] }> {
  const logDir = await mkdtemp(join(tmpdir(), 'hoptrace-log-alerts-'));
  const cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 5, logDir, faults });
  const analyzer = await startAnalyzer({ port: 0, quietPeriodMs: 300 });
  const alerting = createAlerting({ completionGraceMs: 300 }, analyzer);
  try {
    const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
    const network = NETWORKS.find((n) => n.name === 'private')!.id;
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'vm1', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: network }] } } });
    expect(created.status).toBe(202);
    const requestId = created.headers.get('x-openstack-request-id')!;
    await nova.waitFor((created.body as { server: { id: string } }).server.id, (s) => s?.['status'] === 'ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the compute's last records after ACTIVE
    await ingestLogFiles([logDir], analyzer.ingest);
    const deadline = Date.now() + 15_000;
    while (analyzer.getFlow(requestId)?.status !== 'complete' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the completion grace
    const hops = (analyzer.getFlow(requestId)?.hops ?? []).map((h) => `${h.from} ${h.kind} ${h.to} ${h.operation}`);
    return { requestId, alerts: alerting.list().filter((a) => a.flowId === requestId), hops };
  } finally {
    await alerting.shutdown();
    await analyzer.shutdown();
    await cloud.shutdown();
    await rm(logDir, { recursive: true, force: true });
  }
}

describe('alerts on flows rebuilt from logs, no tracing deployed', () => {
  it('raises nothing for a clean boot', async () => {
    const { alerts, hops } = await bootFromLogs({});
    expect(hops).toContain('nova-conductor rpc_cast nova-compute build_and_run_instance');
    expect(alerts.map((a) => a.summary)).toEqual([]);
  });

  it('flags the wrong kind when the conductor calls build_and_run_instance (compute logs "Received call")', async () => {
    const { alerts } = await bootFromLogs({ callInsteadOfCast: true });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: 'wrong_kind', hop: { from: 'nova-conductor', to: 'nova-compute', kind: 'rpc_call', operation: 'build_and_run_instance' } });
  });

  it('flags the forbidden hop when nova-api casts straight to compute', async () => {
    const { alerts } = await bootFromLogs({ apiCastsToCompute: true });
    expect(alerts.find((a) => a.type === 'forbidden_hop')).toMatchObject({
      rule: 'invariant/api-reaches-compute-by-listed-casts',
      hop: { from: 'nova-api', to: 'nova-compute', kind: 'rpc_cast', operation: 'build_and_run_instance' },
    });
  });
});
