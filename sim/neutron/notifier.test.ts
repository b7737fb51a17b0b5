import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../kit/environment.js';
import type { HttpClient, HttpRequest } from '../kit/http-client.js';
import { NovaNotifier } from './notifier.js';

const event = (tag: string) => ({ name: 'network-vif-plugged' as const, server_uuid: 's1', tag, status: 'completed' as const });

describe('the nova notifier', () => {
  it('batches the events of one step into one request of its own', async () => {
    const env = createEnvironment({ stepDelayMs: 5 });
    env.endpoints['nova-api'] = 'http://nova.invalid';
    const sent: HttpRequest[] = [];
    const http: HttpClient = async (request) => (sent.push(request), { status: 200, headers: {}, body: {} });
    const notifier = new NovaNotifier(env, http, env.logs.forService('neutron').logger('neutron.notifiers.nova'));
    notifier.notify(event('p1'));
    notifier.notify(event('p2'));
    await expect.poll(() => notifier.stats.sent).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', url: 'http://nova.invalid/v2.1/os-server-external-events', body: { events: [event('p1'), event('p2')] } });
    expect(sent[0]!.context!.request_id).toMatch(/^req-/);
    expect(sent[0]!.context!.global_request_id).toBeNull();
  });

  it('counts and logs events nova did not take, and never throws', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'hoptrace-notifier-'));
    const env = createEnvironment({ stepDelayMs: 0, logDir });
    const refusing: HttpClient = async () => ({ status: 500, headers: {}, body: {} });
    const unreachable: HttpClient = async () => {
      throw new TypeError('fetch failed');
    };
    for (const http of [refusing, unreachable]) {
      const notifier = new NovaNotifier(env, http, env.logs.forService('neutron').logger('neutron.notifiers.nova'));
      notifier.notify(event('p3'));
      await notifier.shutdown();
      expect(notifier.stats).toEqual({ sent: 0, failed: 1 });
    }
    const log = readFileSync(join(logDir, 'neutron.log'), 'utf8');
    expect(log).toMatch(/ERROR neutron\.notifiers\.nova \[None req-[^\]]+\] Failed to notify nova on events: .*"tag":"p3".*: nova answered 500/);
    expect(log).toMatch(/Failed to notify nova on events: .*: fetch failed/);
    env.logs.close();
  });
});
