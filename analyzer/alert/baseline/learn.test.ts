import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFlow } from '../evaluate.js';
import { ModelRegistry } from '../model/registry.js';
import { CLEAN_BOOT, replaceHop } from '../testing/boot-lines.js';
import { makeFlow } from '../testing/flows.js';
import { acceptEdge, learnBaseline } from './learn.js';
import type { FlowModel } from '../model/types.js';
import type { Flow } from '../../../core/flow.js';

const clean = Array.from({ length: 10 }, () => makeFlow('boot', CLEAN_BOOT));
const baseline = learnBaseline('boot', [...clean, makeFlow('shelve', ['client http nova-api POST /x']), makeFlow('boot', CLEAN_BOOT.slice(0, 3), { status: 'failed' })]);

function check(flow: Flow, model: FlowModel = baseline) {
  return evaluateFlow({ flow, phase: 'complete', invariants: [], baseline: model });
}

describe('learned baselines', () => {
  it('learns every edge of the completed flows of one operation, with counts', () => {
    expect(baseline).toMatchObject({ operation: 'boot', source: 'learned', learnedFrom: 10 });
    expect(baseline.hops).toHaveLength(CLEAN_BOOT.length - 1); // object_action appears twice: one edge
    const objects = baseline.hops.find((h) => h.operation === 'object_action')!;
    expect(objects).toMatchObject({ required: true, count: { min: 1, max: 3 } });
    expect(check(makeFlow('boot', CLEAN_BOOT))).toEqual([]);
  });

  it('does not learn globally allowed hops, so they never become required', () => {
    const learned = learnBaseline('boot', clean, { allowed: [{ to: 'keystone', operation: 'GET /v3/auth/tokens' }] });
    expect(learned.hops.map((h) => h.to)).not.toContain('keystone');
    expect(learned.hops).toHaveLength(baseline.hops.length - 1);
  });

  it('refuses to learn from nothing', () => {
    expect(() => learnBaseline('boot', [])).toThrow('no completed boot flow to learn from');
  });

  it('flags a new edge, naming the hop', () => {
    const found = check(makeFlow('boot', [...CLEAN_BOOT, 'nova-compute db database UPDATE instances']));
    expect(found).toEqual([expect.objectContaining({ type: 'new_edge', rule: 'baseline/boot/new-edge', hop: expect.objectContaining({ from: 'nova-compute', to: 'database' }) })]);
  });

  it('flags a missing edge, a changed kind and an unusual count', () => {
    const missing = check(makeFlow('boot', CLEAN_BOOT.filter((l) => !l.includes('allocation_candidates'))));
    expect(missing).toEqual([expect.objectContaining({ type: 'missing_edge' })]);
    const kind = check(makeFlow('boot', replaceHop(CLEAN_BOOT, 'rpc_cast nova-compute', 'nova-conductor rpc_call nova-compute build_and_run_instance')));
    expect(kind).toEqual([expect.objectContaining({ type: 'changed_kind', hop: expect.objectContaining({ kind: 'rpc_call' }) })]);
    const many = check(makeFlow('boot', [...CLEAN_BOOT, ...Array<string>(6).fill('nova-compute rpc_call nova-conductor object_action')]));
    expect(many).toEqual([expect.objectContaining({ type: 'unusual_count', message: expect.stringContaining('happened 8 times') })]);
  });

  it('stops flagging an edge once it is accepted', () => {
    const edge = { from: 'nova-compute', to: 'database', kind: 'db' as const, operation: 'UPDATE instances' };
    const accepted = acceptEdge(baseline, edge);
    expect(accepted.revision).toBe(2);
    expect(acceptEdge(accepted, edge)).toBe(accepted);
    expect(check(makeFlow('boot', [...CLEAN_BOOT, 'nova-compute db database UPDATE instances']), accepted)).toEqual([]);
  });

  it('saves learned and accepted baselines as model files that a new registry reads back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hoptrace-baselines-')), 'baselines');
    const registry = new ModelRegistry({ modelsDir: false, baselineDir: dir });
    registry.learn('boot', clean);
    registry.accept('boot', { from: 'nova-compute', to: 'database', kind: 'db', operation: 'UPDATE instances' });
    expect(readFileSync(join(dir, 'boot.yaml'), 'utf8')).toContain('kind: FlowModel');
    const again = new ModelRegistry({ modelsDir: false, baselineDir: dir }).baseline('boot')!;
    expect(again).toMatchObject({ source: 'learned', revision: 2, learnedFrom: 10 });
    expect(again.hops).toHaveLength(baseline.hops.length + 1);
    expect(registry.accept('shelve', { from: 'a', to: 'b', kind: 'http', operation: 'x' })).toBeUndefined();
  });
});
