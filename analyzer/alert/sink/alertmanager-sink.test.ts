import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../store/alert.js';
import { toPostableAlert } from './alertmanager-payload.js';
import { AlertmanagerSink } from './alertmanager-sink.js';
import { SILENT_LOGGER } from './logger.js';

const ALERT: Alert = {
  id: '0123456789abcdef', flowId: 'req-1', operation: 'boot', type: 'forbidden_hop', rule: 'invariant/compute-no-database',
  alsoBroken: ['model/boot/unexpected-hop'], severity: 'critical', summary: 'compute wrote the database',
  hop: { seq: 12, from: 'nova-compute', to: 'database', kind: 'db', operation: 'UPDATE instances', spanIds: ['00000000000000aa'] },
  link: '/api/flows/req-1', firstSeenUs: 1_700_000_000_000_000, lastSeenUs: 1_700_000_000_000_000, count: 1, status: 'firing',
};

let closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers) c();
  closers = [];
});

/** A stand-in Alertmanager answering with the given statuses in turn (then 200). */
async function fakeAlertmanager(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('AlertmanagerSink', () => {
  it('maps an alert to the postableAlert model', () => {
    expect(toPostableAlert(ALERT, 'http://127.0.0.1:16686/', 60_000)).toEqual({
      labels: { alertname: 'HoptraceForbiddenHop', severity: 'critical', rule: 'invariant/compute-no-database', operation: 'boot', flow_id: 'req-1', from: 'nova-compute', to: 'database', kind: 'db', hop_operation: 'UPDATE instances' },
      annotations: { summary: 'compute wrote the database', alert_id: '0123456789abcdef', count: '1', link: '/api/flows/req-1', span_ids: '00000000000000aa', also_broken: 'model/boot/unexpected-hop' },
      startsAt: '2023-11-14T22:13:20.000Z',
      endsAt: '2023-11-14T22:14:20.000Z',
      generatorURL: 'http://127.0.0.1:16686/api/flows/req-1',
    });
  });

  it('ends a resolved alert at its resolution time', () => {
    const resolved = toPostableAlert({ ...ALERT, status: 'resolved', resolvedUs: 1_700_000_001_000_000 }, '', 60_000);
    expect(resolved.endsAt).toBe('2023-11-14T22:13:21.000Z');
    expect(resolved.generatorURL).toBeUndefined();
  });

  it('retries on 503 with backoff until delivered', async () => {
    const am = await fakeAlertmanager([503, 503]);
    const sink = new AlertmanagerSink({ url: am.url, initialBackoffMs: 5 }, SILENT_LOGGER);
    sink.enqueue(ALERT);
    await sink.flush();
    expect(am.bodies).toHaveLength(3);
    expect(sink.stats()).toMatchObject({ sent: 1, retries: 2, failed: 0, queued: 0 });
    await sink.shutdown();
  });

  it('gives up on a 400 at once and on an unreachable Alertmanager after maxAttempts', async () => {
    const warnings: string[] = [];
    const am = await fakeAlertmanager([400]);
    const sink = new AlertmanagerSink({ url: am.url }, { info() {}, warn: (m) => warnings.push(m) });
    sink.enqueue(ALERT);
    await sink.flush();
    expect(sink.stats()).toMatchObject({ sent: 0, failed: 1, retries: 0 });
    const down = new AlertmanagerSink({ url: 'http://127.0.0.1:1', maxAttempts: 3, initialBackoffMs: 1 }, SILENT_LOGGER);
    down.enqueue(ALERT);
    await down.flush();
    expect(down.stats()).toMatchObject({ failed: 1, retries: 2 });
    expect(warnings).toEqual(['alertmanager: POST /api/v2/alerts answered 400', 'alertmanager: gave up on 1 alert(s) after 1 attempt(s) (refused)']);
    await Promise.all([sink.shutdown(), down.shutdown()]);
  });

  it('never blocks: keeps one version per alert, counts drops past the bound, and accounts for every alert at shutdown', async () => {
    const sink = new AlertmanagerSink({ url: 'http://127.0.0.1:1', maxQueue: 2, initialBackoffMs: 10_000 }, SILENT_LOGGER);
    // id-0 leaves the queue at once for the (failing) first POST; id-1 and id-2 fill it; the rest
    // are either a newer version of a queued alert (kept once) or new while full (dropped).
    for (let i = 0; i < 100; i++) expect(sink.enqueue({ ...ALERT, id: `id-${i % 5}` })).toBeUndefined();
    expect(sink.stats()).toMatchObject({ queued: 2, dropped: 59 });
    await sink.shutdown();
    await sink.shutdown();
    expect(sink.stats()).toMatchObject({ queued: 0, dropped: 61, failed: 1, sent: 0 });
  });
});
