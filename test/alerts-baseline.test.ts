/**
 * Learned baselines end to end: learn the boot baseline from clean flows through the real pipeline
 * (and save it as a model file), then boot on a cloud whose compute writes the database: the new
 * edge is flagged against the baseline alone: shipped models off, only a user's invariants file
 * allowing token validation (which comes and goes with keystonemiddleware's cache).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STACK_GRACE_MS, startAlertStack } from './alerts-stack.js';
import type { AlertStack } from './alerts-stack.js';

let stack: AlertStack | undefined;
afterEach(async () => {
  await stack?.shutdown();
  stack = undefined;
});

describe('learned baseline', () => {
  it('learns boot from clean flows, raises nothing on a clean boot, and flags the new edge a fault adds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoptrace-baseline-'));
    const baselineDir = join(dir, 'baselines');
    const userModelsDir = join(dir, 'models');
    mkdirSync(userModelsDir);
    writeFileSync(join(userModelsDir, 'allowed.yaml'), [
      'apiVersion: hoptrace/v1', 'kind: Invariants', 'metadata: { name: cache-dependent }', 'spec:',
      '  allowed:', '    - { to: keystone, kind: http, operation: "GET /v3/auth/tokens" }', '',
    ].join('\n'));
    const alerting = { modelsDir: false as const, userModelsDir, baselineDir };
    stack = await startAlertStack({ alerting });
    const clean = stack;
    const learnedFrom = await Promise.all([0, 1, 2, 3].map(async (i) => clean.completed((await clean.boot(`learn-${i}`)).requestId)));
    expect(learnedFrom.every((f) => f.status === 'complete')).toBe(true);

    const learned = await fetch(`${clean.analyzer.url}/api/models/boot/learn`, { method: 'POST' });
    expect(learned.status).toBe(201);
    expect(((await learned.json()) as { metadata: { learnedFrom: number } }).metadata.learnedFrom).toBe(4);
    const file = readFileSync(join(baselineDir, 'boot.yaml'), 'utf8');
    expect(file).toContain('source: learned');
    expect(file).toContain('nova-conductor>nova-compute:rpc_cast:build_and_run_instance');
    await clean.completed((await clean.boot('after-learning')).requestId);
    await new Promise((r) => setTimeout(r, STACK_GRACE_MS + 500));
    expect(clean.alerting.list().map((a) => `${a.rule}: ${a.summary}`)).toEqual([]);
    await clean.shutdown();
    stack = undefined;

    expect(existsSync(join(baselineDir, 'boot.yaml'))).toBe(true);
    stack = await startAlertStack({ faults: { computeWritesDb: true }, alerting });
    const flow = await stack.completed((await stack.boot('faulty')).requestId);
    await new Promise((r) => setTimeout(r, STACK_GRACE_MS + 500));
    const alerts = stack.alerting.list();
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ flowId: flow.id, type: 'new_edge', rule: 'baseline/boot/new-edge', hop: { from: 'nova-compute', to: 'database', kind: 'db' } });
    }
    expect(alerts.map((a) => a.hop!.operation)).toContain('UPDATE instances');
  }, 120_000);
});
