import { describe, expect, it } from 'vitest';
import type { Span } from '../../../core/span.js';
import { SHIPPED_MODELS_DIR } from '../config.js';
import { evaluateFlow } from '../evaluate.js';
import { loadModelDir } from '../model/load.js';
import { CLEAN_BOOT, CLEAN_SHELVE, replaceHop } from '../testing/boot-lines.js';
import { makeFlow } from '../testing/flows.js';
import type { Flow } from '../../../core/flow.js';
import type { Phase } from './violation.js';

const shipped = loadModelDir(SHIPPED_MODELS_DIR, 'shipped');

function check(flow: Flow, phase: Phase = 'complete', spans?: readonly Span[]) {
  return evaluateFlow({ flow, phase, invariants: shipped.invariants, model: shipped.models.get(flow.operation), ...(spans && { spans }) });
}

describe('rules on hand-built flows', () => {
  it('finds nothing wrong with a clean boot and a clean shelve', () => {
    expect(check(makeFlow('boot', CLEAN_BOOT))).toEqual([]);
    expect(check(makeFlow('shelve', CLEAN_SHELVE))).toEqual([]);
  });

  it('flags nova-compute writing the database as one invariant alert per edge, naming the hops', () => {
    const lines = [...CLEAN_BOOT, 'nova-compute db database UPDATE instances', 'nova-compute db database UPDATE instances'];
    const [v, ...rest] = check(makeFlow('boot', lines), 'update');
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ type: 'forbidden_hop', rule: 'invariant/compute-no-database', severity: 'critical', hop: { from: 'nova-compute', to: 'database', seq: 19 } });
    expect(v!.hops!.map((h) => h.seq)).toEqual([19, 20]);
    expect(v!.alsoBroken).toEqual(['model/boot/unexpected-hop']);
  });

  it('flags nova-api casting build_and_run_instance to compute, folding the bypassed hops into that alert', () => {
    const bypass = CLEAN_BOOT.filter((l) => !/^nova-(conductor|scheduler) /.test(l))
      .map((l) => (l.startsWith('nova-api rpc_cast') ? 'nova-api rpc_cast nova-compute build_and_run_instance' : l));
    const found = check(makeFlow('boot', bypass));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'forbidden_hop', rule: 'invariant/api-reaches-compute-by-listed-casts', hop: { from: 'nova-api', to: 'nova-compute', operation: 'build_and_run_instance' } });
    expect(found[0]!.expected!.map((e) => e.id)).toEqual(['build-request', 'select-destinations', 'allocation-candidates', 'claim', 'build']);
  });

  it('flags a call where the code casts as wrong kind, and still counts the hop as present', () => {
    const lines = replaceHop(CLEAN_BOOT, 'rpc_cast nova-compute build_and_run_instance', 'nova-conductor rpc_call nova-compute build_and_run_instance');
    const found = check(makeFlow('boot', lines));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'wrong_kind', rule: 'invariant/rpc-kind', hop: { kind: 'rpc_call', operation: 'build_and_run_instance' } });
    expect(found[0]!.alsoBroken).toEqual(['model/boot/wrong-kind']);
  });

  it('flags missing required hops only once the flow completed', () => {
    const lines = CLEAN_BOOT.filter((l) => !l.startsWith('nova-scheduler http placement'));
    expect(check(makeFlow('boot', lines, { status: 'in_progress' }), 'update')).toEqual([]);
    const found = check(makeFlow('boot', lines));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'missing_hop', rule: 'model/boot/missing-hop' });
    expect(found[0]!.expected!.map((e) => e.id)).toEqual(['allocation-candidates', 'claim']);
    expect(found[0]!.message).toContain('nova-scheduler → placement http GET /allocation_candidates');
  });

  it('flags a hop the model does not list as unexpected', () => {
    const found = check(makeFlow('reboot', ['client http nova-api POST /v2.1/servers/{id}/action', 'nova-api rpc_cast nova-compute reboot_instance', 'nova-compute http glance GET /v2/images/{id}/file']));
    expect(found).toEqual([expect.objectContaining({ type: 'unexpected_hop', rule: 'model/reboot/unexpected-hop', hop: expect.objectContaining({ to: 'glance', seq: 3 }) })]);
  });

  it('flags an order violation naming both hops', () => {
    const lines = [...CLEAN_BOOT];
    const select = lines.indexOf('nova-conductor rpc_call nova-scheduler select_destinations');
    const build = lines.indexOf('nova-conductor rpc_cast nova-compute build_and_run_instance');
    [lines[select], lines[build]] = [lines[build]!, lines[select]!];
    const found = check(makeFlow('boot', lines), 'update');
    expect(found).toEqual([expect.objectContaining({ type: 'order', subject: 'order:select-destinations<build', hop: expect.objectContaining({ operation: 'build_and_run_instance' }) })]);
  });

  it('flags counts above the model maximum', () => {
    const lines = [...CLEAN_BOOT, 'nova-api rpc_cast nova-conductor schedule_and_build_instances'];
    expect(check(makeFlow('boot', lines), 'update')).toEqual([expect.objectContaining({ type: 'unusual_count', subject: 'count:build-request' })]);
  });

  it('reports a failed flow at the first failed hop behind the request, without missing-hop noise', () => {
    const lines = CLEAN_BOOT.slice(0, 8);
    const found = check(makeFlow('boot', lines, { status: 'failed', errors: [7] }));
    expect(found).toEqual([expect.objectContaining({ type: 'flow_failed', rule: 'flow/failed', hop: expect.objectContaining({ operation: 'select_destinations' }) })]);
  });

  it('checks invariants on operations without a model', () => {
    const found = check(makeFlow('unknown', ['client http nova-api GET /v2.1/servers/{id}', 'nova-compute db database SELECT instances']), 'update');
    expect(found.map((v) => v.rule)).toEqual(['invariant/compute-no-database']);
  });

  it('names the hop whose callee started a new trace when the context was dropped', () => {
    const flow = makeFlow('reboot', ['client http nova-api POST /v2.1/servers/{id}/action', 'nova-api rpc_cast nova-compute reboot_instance'], { traceIds: ['a'.repeat(32), 'b'.repeat(32)] });
    const span = (traceId: string, spanId: string, parentSpanId: string, startUs: number) => ({ traceId, spanId, parentSpanId, startUs }) as Span;
    const [rootCaller, rootCallee] = flow.hops[0]!.spanIds;
    const [producer, consumer] = flow.hops[1]!.spanIds;
    const spans = [span('a'.repeat(32), rootCaller!, '', 1), span('a'.repeat(32), rootCallee!, rootCaller!, 2), span('a'.repeat(32), producer!, rootCallee!, 3), span('b'.repeat(32), consumer!, '', 4)];
    expect(check(flow, 'update', spans)).toEqual([]);
    const found = check(flow, 'complete', spans);
    expect(found).toEqual([expect.objectContaining({ type: 'trace_context_lost', hop: expect.objectContaining({ operation: 'reboot_instance' }) })]);
    expect(check(flow, 'complete')).toEqual([]); // without spans, no hop to name: nothing
  });

  it('does not take a second request of the user\'s client for a lost context', () => {
    const flow = makeFlow('unknown', ['client http nova-api GET /compute/v2.1', 'client http nova-api GET /v2.1/'], { traceIds: ['a'.repeat(32), 'b'.repeat(32)] });
    const span = (traceId: string, spanId: string, startUs: number) => ({ traceId, spanId, parentSpanId: '', startUs }) as Span;
    const spans = [span('a'.repeat(32), flow.hops[0]!.spanIds[0]!, 1), span('b'.repeat(32), flow.hops[1]!.spanIds[0]!, 2)];
    expect(check(flow, 'complete', spans)).toEqual([]);
  });
});
