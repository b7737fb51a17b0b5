import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { SpanFactory } from '../testing/spans.js';
import { SpanSet } from './span-set.js';

const factory = new SpanFactory(7);
const span = (traceId: string, spanId: string, name = 'op'): Span => ({ ...factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name, startUs: 1, durationUs: 1 }), traceId, spanId });

describe('SpanSet', () => {
  it('holds one span per trace id and span id, in the order they were added', () => {
    const set = new SpanSet();
    expect(set.add(span('t1', 's1'))).toBe(true);
    expect(set.add(span('t1', 's2'))).toBe(true);
    expect(set.add(span('t1', 's1', 'a copy'))).toBe(false);
    expect(set.size).toBe(2);
    expect([...set.values()].map((s) => s.spanId)).toEqual(['s1', 's2']);
    expect(set.has('t1', 's2')).toBe(true);
    expect(set.has('t2', 's2')).toBe(false);
    expect(set.has('t1', 's3')).toBe(false);
  });

  it('keeps spans of other traces that share a span id, and their copies out', () => {
    const set = new SpanSet();
    set.add(span('t1', 's1'));
    expect(set.add(span('t2', 's1'))).toBe(true);
    expect(set.add(span('t3', 's1'))).toBe(true);
    expect(set.add(span('t2', 's1', 'a copy'))).toBe(false);
    expect(set.add(span('t1', 's2'))).toBe(true);
    expect(set.size).toBe(4);
    for (const trace of ['t1', 't2', 't3']) expect(set.has(trace, 's1')).toBe(true);
    expect(set.has('t4', 's1')).toBe(false);
    expect([...set.values()].map((s) => `${s.traceId}/${s.spanId}`)).toEqual(['t1/s1', 't1/s2', 't2/s1', 't3/s1']);
  });
});
