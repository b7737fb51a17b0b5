/**
 * One boot driven by the real `openstack` client (python-openstackclient, installed into .venv by
 * deploy/openstack-clients.sh, run here when missing, never skipped) against the traced cloud:
 * the client sends no traceparent and no request id, so nova-api's SERVER span roots the flow,
 * and every hop of the boot must appear as a span pair keyed by nova-api's request id.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { createTracing } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { flowSpans, missingHops } from '../instrumentation/testing/flow-hops.js';
import { BOOT_HOPS } from '../instrumentation/testing/nova-flows.js';
import { startOtlpReceiver } from '../instrumentation/testing/otlp-receiver.js';
import type { OtlpTestReceiver } from '../instrumentation/testing/otlp-receiver.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE } from '../sim/kit/devstack.js';
import { openrcEnv } from '../sim/openrc.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const openstack = join(repo, '.venv', 'bin', 'openstack');
const INSTALL_SCRIPT = 'deploy/openstack-clients.sh';

let receiver: OtlpTestReceiver;
let tracing: Tracing;
let cloud: Cloud;

beforeAll(async () => {
  if (!existsSync(openstack)) {
    try {
      await run('bash', [join(repo, INSTALL_SCRIPT)], { timeout: 900_000 });
    } catch (error) {
      throw new Error(`the openstack client is missing and ${INSTALL_SCRIPT} failed to install it: ${(error as Error).message}`, { cause: error });
    }
  }
  receiver = await startOtlpReceiver();
  tracing = createTracing({ endpoint: receiver.endpoint, encoding: 'json', batch: { scheduledDelayMillis: 50 } });
  cloud = await startCloud({ ephemeralPorts: true, hooksFor: tracing.hooksFor, stepDelayMs: 5 });
}, 900_000);

afterAll(async () => {
  await cloud?.shutdown();
  await tracing?.shutdown();
  await receiver?.close();
});

describe('openstack server create, traced', () => {
  it('roots the flow at nova-api and shows every boot hop as a span pair', async () => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OS_')));
    const env = { ...inherited, ...openrcEnv(cloud.openrc()), HOME: mkdtempSync(join(tmpdir(), 'hoptrace-trace-cli-')) };
    const { stdout } = await run(openstack, ['server', 'create', '--flavor', 'm1.tiny', '--image', CIRROS_IMAGE.name, '--network', 'private', '--wait', '-f', 'json', 'vm-cli'], { env, timeout: 120_000 });
    const server = JSON.parse(stdout) as { id: string; status: string };
    expect(server.status).toBe('ACTIVE');

    await tracing.forceFlush();
    const roots = receiver.spans().filter((s) => s.kind === 2 && s.name === 'POST /v2.1/servers');
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.parentSpanId).toBe('');
    expect(root.attributes).toMatchObject({ [Attr.operation]: 'boot', [Attr.instanceUuid]: server.id });
    expect(String(root.attributes[Attr.userAgent])).toMatch(/openstacksdk|python-novaclient|keystoneauth1/);
    expect(root.attributes[Attr.globalRequestId]).toBeUndefined();
    const flowId = String(root.attributes[Attr.requestId]);

    await expect
      .poll(
        async () => {
          await tracing.forceFlush();
          return missingHops(receiver.spans(), flowId, BOOT_HOPS);
        },
        { timeout: 20_000, interval: 100 },
      )
      .toEqual([]);
    expect(flowSpans(receiver.spans(), flowId).filter((s) => s.traceId !== root.traceId)).toEqual([]);
  }, 180_000);
});
