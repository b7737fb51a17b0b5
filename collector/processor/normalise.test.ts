import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import type { Span } from '../../core/span.js';
import { makeSpans } from '../testing/spans.js';
import { describeRejections, flowKeyOf, normalise } from './normalise.js';

const [base] = makeSpans(1) as [Span];
const raw: Span = { ...base, flowKey: '' };

describe('normalise', () => {
  it('derives the flow key: global request id, else local request id, else trace id', () => {
    const global = 'req-11111111-1111-4111-8111-111111111111';
    expect(flowKeyOf({ ...raw, attributes: { [Attr.globalRequestId]: global, [Attr.requestId]: 'req-x' } })).toBe(global);
    expect(flowKeyOf({ ...raw, attributes: { [Attr.requestId]: 'req-local' } })).toBe('req-local');
    expect(flowKeyOf({ ...raw, attributes: { [Attr.requestId]: 42 } })).toBe(raw.traceId);
    expect(flowKeyOf({ ...raw, attributes: {} })).toBe(raw.traceId);
  });

  it('returns new span objects with the key set and leaves its input untouched', () => {
    const input = [raw];
    const { spans } = normalise(input);
    expect(spans[0]).not.toBe(raw);
    expect(spans[0]!.flowKey).toBe(raw.attributes[Attr.requestId]);
    expect(raw.flowKey).toBe('');
  });

  it('rejects invalid ids and times, counting each reason', () => {
    const bad: Span[] = [
      { ...raw, traceId: '0'.repeat(32) },
      { ...raw, traceId: 'abc' },
      { ...raw, spanId: 'g'.repeat(16) },
      { ...raw, parentSpanId: '1234' },
      { ...raw, startUs: 0 },
      { ...raw, endUs: raw.startUs - 1 },
      { ...raw, links: [{ traceId: raw.traceId, spanId: 'not-hex!', attributes: {} }] },
      { ...raw, links: [{ traceId: '', spanId: raw.spanId, attributes: {} }] },
    ];
    const result = normalise([raw, ...bad, raw]);
    expect(result.spans).toHaveLength(2);
    expect(result.rejected).toBe(8);
    expect(result.reasons).toEqual({ invalid_trace_id: 2, invalid_span_id: 1, invalid_parent_span_id: 1, invalid_time: 2, invalid_link_id: 2 });
    expect(describeRejections(result)).toBe('8 spans rejected: 2 invalid_trace_id, 1 invalid_span_id, 1 invalid_parent_span_id, 2 invalid_time, 2 invalid_link_id');
    expect(describeRejections(normalise([raw]))).toBe('');
  });

  it('accepts a zero-length span and a root without parent', () => {
    expect(normalise([{ ...raw, endUs: raw.startUs, parentSpanId: '' }]).rejected).toBe(0);
  });
});
