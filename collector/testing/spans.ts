import type { Resource, Span } from '../../core/span.js';

const RESOURCE: Resource = { serviceName: 'nova-api', attributes: { 'service.name': 'nova-api' } };

/**
 * Deterministic valid spans for stage tests: span i of `flows` flows, ids derived from i, times
 * one millisecond apart. Each flow's spans carry its request id and so its flow key.
 */
export function makeSpans(count: number, flows = 1, start = 0): Span[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const flow = i % flows;
    const requestId = `req-00000000-0000-4000-8000-${flow.toString(16).padStart(12, '0')}`;
    return {
      traceId: (flow + 1).toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: '',
      name: `span ${i}`,
      kind: 2,
      startUs: 1_700_000_000_000_000 + i * 1000,
      endUs: 1_700_000_000_000_500 + i * 1000,
      statusCode: 0,
      statusMessage: '',
      attributes: { 'openstack.request_id': requestId, 'test.index': i },
      events: [],
      links: [],
      resource: RESOURCE,
      scopeName: 'hoptrace.test',
      flowKey: requestId,
    };
  });
}
