/**
 * A flood of identical violations across flows is not a flood of alerts: with compute writing the
 * database on every boot, the first `burst` boots raise one alert each and every later one folds
 * into a single group alert whose count grows (real pipeline, see alerts-stack.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STACK_GRACE_MS, startAlertStack } from './alerts-stack.js';
import type { AlertStack } from './alerts-stack.js';

let stack: AlertStack | undefined;
afterEach(async () => {
  await stack?.shutdown();
  stack = undefined;
});

describe('alert floods', () => {
  it('folds 25 boots breaking the same invariant into 3 alerts and one group alert', async () => {
    const heard: string[] = [];
    stack = await startAlertStack({ faults: { computeWritesDb: true }, alerting: { burst: 3, perMinute: 0 } });
    const s = stack;
    s.alerting.onAlert((alert, change) => heard.push(change));
    const flows = [];
    for (let round = 0; round < 5; round++) {
      flows.push(...(await Promise.all([0, 1, 2, 3, 4].map(async (i) => s.completed((await s.boot(`flood-${round}-${i}`)).requestId)))));
    }
    await new Promise((r) => setTimeout(r, STACK_GRACE_MS + 500));
    const alerts = s.alerting.list();
    const single = alerts.filter((a) => !a.group);
    const group = alerts.filter((a) => a.group);
    expect(single).toHaveLength(3);
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ rule: 'invariant/compute-no-database', count: 22, group: { flows: 22 } });
    const flowIds = new Set(flows.map((f) => f.id));
    for (const id of [...single.map((a) => a.flowId), ...group[0]!.group!.sampleFlowIds]) expect(flowIds.has(id)).toBe(true);
    expect(heard.filter((c) => c === 'new')).toHaveLength(4);
    expect(s.alerting.stats().store).toMatchObject({ raised: 3, grouped: 22 });
  }, 300_000);
});
