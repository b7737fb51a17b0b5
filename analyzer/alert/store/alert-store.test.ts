import { describe, expect, it } from 'vitest';
import type { Violation } from '../rules/violation.js';
import { makeFlow } from '../testing/flows.js';
import type { Alert, AlertChange } from './alert.js';
import { AlertStore } from './alert-store.js';

const LINES = ['client http nova-api POST /v2.1/servers', 'nova-compute db database UPDATE instances', 'nova-compute db database UPDATE instances'];

function violation(flow = makeFlow('boot', LINES), hops = [flow.hops[1]!]): Violation {
  return { type: 'forbidden_hop', rule: 'invariant/compute-no-database', severity: 'critical', message: 'compute wrote the db', hop: hops[0]!, hops, subject: 'nova-compute>database:db:UPDATE instances' };
}

describe('AlertStore', () => {
  it('raises one alert per (flow, rule, hop) and updates it when more offending hops arrive', () => {
    const store = new AlertStore();
    const heard: [string, AlertChange][] = [];
    store.onAlert((a, c) => heard.push([a.id, c]));
    const flow = makeFlow('boot', LINES);
    const [first] = store.record(flow, [violation(flow)], 1_000);
    expect(first).toMatchObject({ flowId: flow.id, count: 1, firstSeenUs: 1_000, link: `/api/flows/${flow.id}`, hop: { seq: 2, spanIds: flow.hops[1]!.spanIds } });
    expect(store.record(flow, [violation(flow)], 2_000)).toEqual([]);
    const [again] = store.record(flow, [violation(flow, [flow.hops[1]!, flow.hops[2]!])], 3_000);
    expect(again).toMatchObject({ id: first!.id, count: 2, firstSeenUs: 1_000, lastSeenUs: 3_000 });
    expect(store.list()).toHaveLength(1);
    expect(heard).toEqual([[first!.id, 'new'], [first!.id, 'updated']]);
    expect(store.get(first!.id)).toEqual(again);
  });

  it('folds a flood of the same violation across flows into one group alert', () => {
    const store = new AlertStore({ burst: 3, perMinute: 0 });
    const news: Alert[] = [];
    store.onAlert((a, c) => c === 'new' && news.push(a));
    for (let i = 0; i < 50; i++) {
      const flow = makeFlow('boot', LINES);
      store.record(flow, [violation(flow)], 1_000 + i);
      store.record(flow, [violation(flow)], 2_000 + i); // re-evaluation of a folded flow counts once
    }
    expect(news).toHaveLength(4);
    const group = store.list().find((a) => a.group);
    expect(group).toMatchObject({ count: 47, group: { flows: 47 } });
    expect(group!.group!.sampleFlowIds).toHaveLength(10);
    expect(store.stats()).toMatchObject({ alerts: 4, raised: 3, grouped: 47 });
  });

  it('counts a group by folded flows even when the first folded flow broke the rule on several hops', () => {
    const store = new AlertStore({ burst: 1, perMinute: 0 });
    for (let i = 0; i < 4; i++) {
      const flow = makeFlow('boot', LINES);
      store.record(flow, [violation(flow, [flow.hops[1]!, flow.hops[2]!])], 1_000 + i);
    }
    expect(store.list().find((a) => a.group)).toMatchObject({ count: 3, group: { flows: 3 } });
  });

  it('lets the same violation through again once the rate refills', () => {
    const store = new AlertStore({ burst: 1, perMinute: 60 });
    const a = makeFlow('boot', LINES);
    const b = makeFlow('boot', LINES);
    store.record(a, [violation(a)], 0);
    expect(store.record(b, [violation(b)], 1_000_001)[0]!.group).toBeUndefined();
  });

  it('evicts the oldest alerts past maxAlerts and counts them', () => {
    const store = new AlertStore({ maxAlerts: 2 });
    const flows = [1, 2, 3].map(() => makeFlow('boot', LINES));
    const ids = flows.map((f, i) => store.record(f, [violation(f)], i)[0]!.id);
    expect(store.list().map((a) => a.id)).toEqual([ids[2], ids[1]]);
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(store.stats().evicted).toBe(1);
  });

  it('keeps going when a listener throws', () => {
    const store = new AlertStore();
    const heard: string[] = [];
    store.onAlert(() => {
      throw new Error('boom');
    });
    store.onAlert((a) => heard.push(a.id));
    const flow = makeFlow('boot', LINES);
    expect(store.record(flow, [violation(flow)], 1)).toHaveLength(1);
    expect(heard).toHaveLength(1);
  });
});
