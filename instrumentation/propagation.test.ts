import { defaultTextMapGetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { extractTraceContext } from './propagation.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

describe('extractTraceContext', () => {
  const carriers: Record<string, Record<string, unknown>> = {
    'a sampled parent': { traceparent: `00-${TRACE}-${SPAN}-01` },
    'an unsampled parent with tracestate': { traceparent: `00-${TRACE}-${SPAN}-00`, tracestate: 'congo=t61rcWkgMzE' },
    'several tracestate values': { traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: ['a=1', 'b=2'] },
    'several traceparent values': { traceparent: [`00-${TRACE}-${SPAN}-01`, `00-${'1'.repeat(32)}-${SPAN}-01`] },
    'a future version with more fields': { traceparent: `01-${TRACE}-${SPAN}-01-extra` },
    'version 00 with more fields': { traceparent: `00-${TRACE}-${SPAN}-01-extra` },
    'version ff': { traceparent: `ff-${TRACE}-${SPAN}-01` },
    'upper-case hex': { traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` },
    'a zero trace id': { traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` },
    'a zero span id': { traceparent: `00-${TRACE}-${'0'.repeat(16)}-01` },
    'a non-hex character': { traceparent: `00-${TRACE.slice(0, 31)}g-${SPAN}-01` },
    'upper-case flags': { traceparent: `00-${TRACE}-${SPAN}-FF` },
    'all flags set': { traceparent: `00-${TRACE}-${SPAN}-ff` },
    'a misplaced dash': { traceparent: `00-${TRACE.slice(0, 31)}-${SPAN}0-01` },
    'a leading space': { traceparent: ` 00-${TRACE}-${SPAN}-01` },
    'a trailing space': { traceparent: `00-${TRACE}-${SPAN}-01 ` },
    'a future version of the same length': { traceparent: `01-${TRACE}-${SPAN}-01` },
    'an empty tracestate': { traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: '' },
    'no traceparent': { tracestate: 'a=1' },
    'an empty traceparent': { traceparent: '' },
    'a number': { traceparent: 7 },
  };
  const propagator = new W3CTraceContextPropagator();

  for (const [name, carrier] of Object.entries(carriers)) {
    it(`reads ${name} as the W3C propagator does`, () => {
      const expected = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
      const actual = trace.getSpanContext(extractTraceContext(carrier));
      expect(actual === undefined ? undefined : { ...actual, traceState: actual.traceState?.serialize() }).toEqual(expected === undefined ? undefined : { ...expected, traceState: expected.traceState?.serialize() });
    });
  }

  it('finds a parent in a valid carrier (the comparison above is not vacuous)', () => {
    expect(trace.getSpanContext(extractTraceContext(carriers['a sampled parent']!))?.spanId).toBe(SPAN);
  });
});
