import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/span.js';
import { FlowScript, SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory } from '../testing/spans.js';
import { draftHops, numberHops } from './hops.js';

const T0 = 1_764_000_000_000_000;

/** A boot's opening as the OpenTelemetry JS SDK stamps it: every start on the same millisecond. */
function sameMillisecond(): Span[] {
  const script = new FlowScript(new SpanFactory());
  const root = script.root('POST', '/v2.1/servers', 'boot', T0, 9_000);
  script.db(root, 'INSERT', 'instances', T0, 200);
  const [, consumer] = script.cast(root, 'nova-conductor', 'schedule_and_build_instances', T0, 5_000);
  script.call(consumer, 'nova-scheduler', 'select_destinations', T0, 1_000);
  return script.spans;
}

function numbered(spans: readonly Span[]): string[] {
  return numberHops(draftHops(spans, SCRIPT_ENDPOINTS)).map((h) => `${h.seq} ${h.from} ${h.kind} ${h.to} ${h.operation}`);
}

describe('numberHops', () => {
  it('puts a cast before the calls its consumer makes when their caller spans start on the same millisecond', () => {
    const spans = sameMillisecond();
    const hops = numbered([...spans].reverse());
    const cast = hops.findIndex((h) => h.includes('rpc_cast nova-conductor'));
    const call = hops.findIndex((h) => h.includes('rpc_call nova-scheduler'));
    expect(cast).toBeGreaterThan(0);
    expect(call).toBeGreaterThan(cast);
  });

  it('puts a cast before the calls its consumer makes when a call is stamped a microsecond before the cast', () => {
    const script = new FlowScript(new SpanFactory());
    const root = script.root('POST', '/v2.1/servers', 'boot', T0, 9_000);
    const [, consumer] = script.cast(root, 'nova-conductor', 'schedule_and_build_instances', T0 + 1_000, 5_000);
    script.call(consumer, 'nova-scheduler', 'select_destinations', T0 + 999, 1_000);
    expect(numbered(script.spans).slice(1)).toEqual(['2 nova-api rpc_cast nova-conductor schedule_and_build_instances', '3 nova-conductor rpc_call nova-scheduler select_destinations']);
  });

  it('numbers the same spans the same way whatever order they arrive in', () => {
    const spans = sameMillisecond();
    const expected = numbered(spans);
    expect(numbered([...spans].reverse())).toEqual(expected);
    for (let shift = 1; shift < spans.length; shift++) expect(numbered([...spans.slice(shift), ...spans.slice(0, shift)])).toEqual(expected);
  });

  it('orders sibling calls that share a start millisecond by their end time', () => {
    const script = new FlowScript(new SpanFactory());
    const root = script.root('POST', '/v2.1/servers', 'boot', T0, 9_000);
    const later = script.db(root, 'SELECT', 'build_requests', T0, 900);
    const earlier = script.db(root, 'INSERT', 'instance_actions', T0, 300);
    const hops = numbered([root, later, earlier]);
    expect(hops.slice(1)).toEqual(['2 nova-api db database INSERT instance_actions', '3 nova-api db database SELECT build_requests']);
  });
});
