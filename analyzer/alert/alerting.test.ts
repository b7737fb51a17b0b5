import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting } from './alerting.js';
import type { Flow } from '../../core/flow.js';
import type { Alerting } from './alerting.js';
import { CLEAN_BOOT } from './testing/boot-lines.js';
import { ScriptedFlowSource } from './testing/flow-source.js';
import { graphOf, hop, makeFlow } from './testing/flows.js';
import { serveAlerting } from './testing/serve.js';

const DB_WRITE = [...CLEAN_BOOT, 'nova-compute db database UPDATE instances'];
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function start(config: Parameters<typeof createAlerting>[0] = {}) {
  const source = new ScriptedFlowSource();
  const lines: string[] = [];
  const alerting = createAlerting({ logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) }, ...config }, source);
  const server = await serveAlerting(alerting);
  cleanup.push(() => alerting.shutdown(), server.close);
  return { source, alerting, url: server.url, lines };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

describe('createAlerting', () => {
  it('evaluates flows the analyzer announces and serves the alerts with filters', async () => {
    const { source, url, lines } = await start();
    const bad = makeFlow('boot', DB_WRITE, { status: 'in_progress' });
    source.emit(bad, 'updated');
    source.emit(makeFlow('boot', CLEAN_BOOT), 'completed');
    source.emit({ ...bad, status: 'complete' }, 'completed');
    const all = await json(`${url}/api/alerts`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(1);
    expect(all.body.data[0]).toMatchObject({ flowId: bad.id, rule: 'invariant/compute-no-database', severity: 'critical', count: 1, hop: { seq: 19, from: 'nova-compute', to: 'database' } });
    expect(lines).toEqual([expect.stringMatching(/^alert [0-9a-f]{16} \[critical\] invariant\/compute-no-database flow=req-.* hop=#19 nova-compute>database db UPDATE instances spans=/)]);
    expect((await json(`${url}/api/alerts?flow=${bad.id}&severity=critical,warning&rule=invariant`)).body.total).toBe(1);
    expect((await json(`${url}/api/alerts?operation=shelve`)).body.total).toBe(0);
    expect((await json(`${url}/api/alerts/${all.body.data[0].id}`)).body.id).toBe(all.body.data[0].id);
    // the bad flow completing with the hops it was judged with is judged again only after the grace
    expect((await json(`${url}/api/alerts/stats`)).body).toMatchObject({ evaluations: 2, store: { raised: 1 } });
  });

  it('answers 400 for malformed filters and 404 for unknown alerts', async () => {
    const { url } = await start();
    expect(await json(`${url}/api/alerts?limit=0`)).toEqual({ status: 400, body: { error: 'limit: must be an integer from 1 to 10000, got "0"' } });
    expect((await json(`${url}/api/alerts?severity=loud`)).body.error).toContain('severity: must be info, warning, critical');
    expect((await json(`${url}/api/alerts?since=yesterday`)).status).toBe(400);
    expect((await json(`${url}/api/alerts?flow=a&flow=b`)).body.error).toBe('flow: give the parameter once');
    expect(await json(`${url}/api/alerts/nope`)).toEqual({ status: 404, body: { error: 'no alert "nope"' } });
    expect((await json(`${url}/api/alerts/stats`)).body.requestsRefused).toBe(5);
  });

  it('streams each new alert as a server-sent event', async () => {
    const { source, url } = await start();
    const res = await fetch(`${url}/api/alerts/stream?severity=critical`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const flow = makeFlow('boot', DB_WRITE);
    source.emit(makeFlow('boot', CLEAN_BOOT, { status: 'failed', errors: [7] }), 'completed'); // a warning: filtered out
    source.emit(flow, 'completed');
    let text = '';
    while (!text.includes('\n\ndata') && !/data: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const event = /event: (\S+)\nid: (\S+)\ndata: (.*)\n\n/.exec(text);
    expect(event?.[1]).toBe('alert');
    expect(JSON.parse(event![3]!)).toMatchObject({ flowId: flow.id, rule: 'invariant/compute-no-database' });
  });

  it('learns a baseline from the window, flags a new edge, and accepts it', async () => {
    const { source, alerting, url } = await start({ modelsDir: false });
    expect((await json(`${url}/api/models/boot/learn`, { method: 'POST' })).status).toBe(409);
    for (let i = 0; i < 5; i++) source.emit(makeFlow('boot', CLEAN_BOOT), 'completed');
    const learned = await json(`${url}/api/models/boot/learn`, { method: 'POST' });
    expect(learned.status).toBe(201);
    expect(learned.body.metadata).toMatchObject({ source: 'learned', learnedFrom: 5, revision: 1 });
    source.emit(makeFlow('boot', DB_WRITE), 'completed');
    const [alert] = alerting.list();
    expect(alert).toMatchObject({ type: 'new_edge', rule: 'baseline/boot/new-edge', hop: { from: 'nova-compute', to: 'database' } });
    const post = (body: unknown) => json(`${url}/api/models/boot/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ from: 'a', to: 'b', kind: 'rest', operation: 'x' })).body.error).toBe('kind: must be one of http, rpc_call, rpc_cast, rpc_fanout, db');
    expect((await post({ alert: 'nope' })).status).toBe(400);
    const accepted = await post({ alert: alert!.id });
    expect(accepted.status).toBe(200);
    expect(accepted.body.metadata.revision).toBe(2);
    source.emit(makeFlow('boot', DB_WRITE), 'completed');
    expect(alerting.list()).toHaveLength(1);
    const bad = await fetch(`${url}/api/models/boot/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"from":' });
    expect(bad.status).toBe(400);
    expect((await json(`${url}/api/models/shelve/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"alert":"' + alert!.id + '"}' })).status).toBe(404);
  });

  it('lists models and serves one as JSON or YAML', async () => {
    const { url } = await start();
    const list = await json(`${url}/api/models`);
    expect(list.body.models.map((m: { operation: string }) => m.operation)).toContain('boot');
    expect(list.body.invariants[0].forbidden).toContain('compute-no-database');
    expect((await json(`${url}/api/models/boot`)).body.model.spec.hops[0].id).toBe('request');
    const yaml = await fetch(`${url}/api/models/boot?format=yaml`);
    expect(yaml.headers.get('content-type')).toContain('application/yaml');
    expect(await yaml.text()).toContain('apiVersion: hoptrace/v1');
    expect((await json(`${url}/api/models/nothing`)).status).toBe(404);
  });

  it('judges missing hops after the completion grace, on the flow as it is then', async () => {
    const { source, alerting } = await start({ completionGraceMs: 50 });
    const partial = makeFlow('boot', CLEAN_BOOT.filter((l) => !l.includes('select_destinations')));
    const full = { ...makeFlow('boot', CLEAN_BOOT), id: partial.id, aliases: partial.aliases };
    source.emit(partial, 'completed');
    source.emit(full, 'updated'); // a late span re-opened it …
    source.emit(full, 'completed'); // … and it completed again before the grace ran out
    await new Promise((r) => setTimeout(r, 150));
    expect(alerting.list()).toEqual([]);
    source.emit(partial, 'completed'); // nothing late this time
    await new Promise((r) => setTimeout(r, 150));
    expect(alerting.list()).toEqual([expect.objectContaining({ type: 'missing_hop', status: 'firing', flowId: partial.id })]);
  });

  it('reads the flow again after its grace only when an event named it since', async () => {
    const source = new ScriptedFlowSource();
    const withoutScheduler = CLEAN_BOOT.filter((l) => !l.includes('select_destinations'));
    const [untouched, absorbed] = [makeFlow('boot', withoutScheduler), makeFlow('boot', withoutScheduler)];
    const absorbing = makeFlow('boot', CLEAN_BOOT);
    const merged = { ...absorbing, aliases: [absorbing.id, absorbed.id] };
    const reads: string[] = [];
    const alerting = createAlerting({ completionGraceMs: 20, logger: { info: () => {}, warn: () => {} } }, {
      onFlow: (l) => source.onFlow(l),
      getFlow: (id) => {
        reads.push(id);
        return merged;
      },
    });
    cleanup.push(() => alerting.shutdown());
    source.emit(untouched, 'completed');
    source.emit(absorbed, 'completed');
    source.emit({ ...merged, status: 'in_progress' }, 'updated'); // another flow took the absorbed one in
    await new Promise((r) => setTimeout(r, 80));
    expect(reads).toEqual([absorbed.id]);
    expect(alerting.list()).toEqual([expect.objectContaining({ type: 'missing_hop', flowId: untouched.id })]);
  });

  it('judges a flow that completes as it was last rebuilt once more only in full, after the grace', async () => {
    const { source, alerting } = await start({ completionGraceMs: 20 });
    const rebuilt = makeFlow('boot', CLEAN_BOOT, { status: 'in_progress' });
    source.emit(rebuilt, 'updated');
    source.emit(rebuilt, 'updated');
    expect(alerting.stats().evaluations).toBe(1);
    source.emit({ ...rebuilt, status: 'complete' }, 'completed');
    expect(alerting.stats().evaluations).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(alerting.stats().evaluations).toBe(2);
    source.emit({ ...rebuilt, hops: [...rebuilt.hops], status: 'complete' }, 'completed'); // re-opened with a span that changed nothing
    expect(alerting.stats().evaluations).toBe(3);
  });

  it('resolves a missing-hop alert when a later version of the flow has the hop', async () => {
    const { alerting, url } = await start({ completionGraceMs: 0 });
    const partial = makeFlow('boot', CLEAN_BOOT.filter((l) => !l.includes('select_destinations')));
    const [raised] = alerting.evaluate(partial, 'completed');
    expect(raised).toMatchObject({ type: 'missing_hop', status: 'firing' });
    const [resolved] = alerting.evaluate({ ...makeFlow('boot', CLEAN_BOOT), id: partial.id }, 'completed');
    expect(resolved).toMatchObject({ id: raised!.id, status: 'resolved' });
    expect((await json(`${url}/api/alerts?status=firing`)).body.total).toBe(0);
    expect((await json(`${url}/api/alerts?status=resolved`)).body.total).toBe(1);
    expect((await json(`${url}/api/alerts?status=gone`)).status).toBe(400);
    const [again] = alerting.evaluate(partial, 'completed');
    expect(again).toMatchObject({ id: raised!.id, status: 'firing' });
  });

  it('refuses a bad config, naming every bad key', () => {
    expect(() => createAlerting({ burst: 0, learnWindow: 1.5, alertmanager: { url: 'nowhere' } })).toThrow(
      'invalid alerting config:\nlearnWindow: must be an integer >= 1, got 1.5\nburst: must be an integer >= 1, got 0\nalertmanager.url: not a URL: "nowhere"');
  });

  it('stops listening on shutdown, twice safely', async () => {
    const source = new ScriptedFlowSource();
    const alerting: Alerting = createAlerting({}, source);
    expect(source.listeners).toBe(1);
    await alerting.shutdown();
    await alerting.shutdown();
    expect(source.listeners).toBe(0);
    expect(alerting.evaluate(makeFlow('boot', DB_WRITE), 'completed')).toEqual([]);
  });

  it('knows an alert\'s hop by its span ids when an earlier-starting hop arrives later and shifts every seq', () => {
    const source = new ScriptedFlowSource();
    let latest: Flow | undefined;
    const alerting = createAlerting({ logger: { info: () => {}, warn: () => {} } }, { onFlow: (l) => source.onFlow(l), getFlow: () => latest });
    cleanup.push(() => alerting.shutdown());
    const before = makeFlow('boot', DB_WRITE.slice(1), { status: 'in_progress' });
    const early = { ...hop(DB_WRITE[0]!, 1), spanIds: ['00000000000000aa', '00000000000000ab'] };
    const hops = [early, ...before.hops.map((h) => ({ ...h, seq: h.seq + 1 }))];
    const after: Flow = { ...before, hops, graph: graphOf(hops), spanCount: hops.length * 2 };
    const dbHop = hops.find((h) => h.from === 'nova-compute' && h.to === 'database')!;
    latest = before;
    source.emit(before, 'updated');
    latest = after;
    source.emit(after, 'updated');
    const alerts = alerting.list();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 1, hop: { seq: dbHop.seq, spanIds: dbHop.spanIds } });
    expect(alerting.get(alerts[0]!.id)!.hop!.seq).toBe(dbHop.seq);
  });
});
