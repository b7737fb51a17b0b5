import { describe, expect, it } from 'vitest';
import { buildFlow } from '../reconstruct/build-flow.js';
import { scriptBoot } from '../testing/boot.js';
import { SpanFactory } from '../testing/spans.js';
import { renderFlowDot } from './dot.js';
import { renderFlowMermaid } from './mermaid.js';
import { hopParents, renderFlowText } from './text.js';

const boot = scriptBoot(new SpanFactory(), 1_764_000_000_000_000);
const flow = buildFlow({ id: boot.requestId, aliases: boot.aliases.values(), spans: boot.spans, complete: true, updatedUs: 0, endpoints: {} }).flow;

describe('renderers', () => {
  it('prints the numbered hop tree with marks, aliases and a header', () => {
    const text = renderFlowText(flow);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`flow ${boot.requestId}  boot  complete  495.2 ms  ${boot.spans.length} spans  ${flow.hops.length} hops`);
    expect(text).toContain(`aliases: ${boot.aliases.get('glance')}`);
    expect(lines).toContain(' 1 *   client → nova-api  http  POST /v2.1/servers  60.0 ms');
    expect(lines).toContain(' 2 *     nova-api → glance  http  GET /v2/images/{image_id}  8.0 ms');
    expect(text).toMatch(/\n 6 {5}\s*nova-conductor ⇒ nova-scheduler {2}rpc_call {2}select_destinations/);
  });

  it('nests a hop under the hop that called its caller', () => {
    const parents = hopParents(flow.hops);
    const select = flow.hops.findIndex((h) => h.operation === 'select_destinations');
    const placement = flow.hops.findIndex((h) => h.to === 'placement');
    expect(parents[placement]).toBe(select);
    expect(parents[0]).toBe(-1);
  });

  it('draws dot with dashed casts and one edge per operation', () => {
    const dot = renderFlowDot(flow);
    expect(dot.startsWith(`digraph "${boot.requestId}" {`)).toBe(true);
    expect(dot).toContain('"nova-api" -> "nova-conductor" [label="5. rpc_cast schedule_and_build_instances", style=dashed];');
    expect(dot).toContain('"nova-compute" -> "nova-conductor" [label="10. rpc_call object_action ×2"];');
    expect(dot.trim().endsWith('}')).toBe(true);
  });

  it('draws a mermaid sequence with async arrows for casts', () => {
    const mermaid = renderFlowMermaid(flow);
    expect(mermaid.split('\n')[0]).toBe('sequenceDiagram');
    expect(mermaid).toContain('participant nova_api as nova-api');
    expect(mermaid).toContain('nova_api-)nova_conductor: 5. rpc_cast schedule_and_build_instances');
    expect(mermaid).toContain('client->>nova_api: 1. http POST /v2.1/servers');
  });
});
