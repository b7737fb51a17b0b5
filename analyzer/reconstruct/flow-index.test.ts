import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { SpanKind } from '../../core/span.js';
import { SpanFactory } from '../testing/spans.js';
import { FlowIndex } from './flow-index.js';
import { PendingFlow } from './pending-flow.js';

describe('FlowIndex', () => {
  const factory = new SpanFactory(5);
  const root = factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name: 'POST /servers', startUs: 1, durationUs: 10 });
  const child = factory.span({ service: 'nova-conductor', kind: SpanKind.CONSUMER, name: 'build_instances', startUs: 2, durationUs: 5, parent: root });
  const elsewhere = factory.span({ service: 'glance', kind: SpanKind.SERVER, name: 'GET /v2/images', startUs: 3, durationUs: 1 });

  /** A flow holding `spans`, indexed as the router indexes a flow's spans. */
  const held = (index: FlowIndex, id: string, ...spans: typeof root[]): PendingFlow => {
    const flow = new PendingFlow(id, 0);
    for (const span of spans) {
      flow.add(span, 0);
      index.holdsTrace(span.traceId, flow);
    }
    return flow;
  };

  it('finds a span’s flow among the flows of its trace, by trace id and span id', () => {
    const index = new FlowIndex();
    const a = held(index, 'a', root);
    const b = held(index, 'b', child, elsewhere);
    expect(index.bySpan(root.traceId, root.spanId)).toBe(a);
    expect(index.bySpan(child.traceId, child.spanId)).toBe(b);
    expect(index.bySpan(elsewhere.traceId, elsewhere.spanId)).toBe(b);
    expect(index.bySpan(elsewhere.traceId, root.spanId)).toBeUndefined();
    expect(index.bySpan('0'.repeat(32), root.spanId)).toBeUndefined();
  });

  it('follows a merge and forgets a completed flow', () => {
    const index = new FlowIndex();
    const a = held(index, 'a', root, child);
    const b = held(index, 'b', elsewhere);
    index.claimTrace(root.traceId, a);
    b.absorb(a);
    index.move(a, b);
    expect(index.bySpan(root.traceId, root.spanId)).toBe(b);
    expect(index.bySpan(child.traceId, child.spanId)).toBe(b);
    expect(index.byTrace(root.traceId)).toBe(b);
    index.forget(b);
    expect(index.bySpan(root.traceId, root.spanId)).toBeUndefined();
    expect(index.bySpan(elsewhere.traceId, elsewhere.spanId)).toBeUndefined();
    expect(index.byTrace(root.traceId)).toBeUndefined();
    held(index, 'c', child);
    expect(index.bySpan(child.traceId, child.spanId)?.id).toBe('c');
  });

  it('finds the flows naming an instance, through a merge, until they are forgotten', () => {
    const index = new FlowIndex();
    const named = (id: string, uuid: string): PendingFlow => {
      const span = factory.span({ service: 'nova-compute', kind: SpanKind.SERVER, name: 'spawn', startUs: 4, durationUs: 1, attributes: { [Attr.instanceUuid]: uuid } });
      const flow = new PendingFlow(id, 0);
      flow.add(span, 0);
      index.namesInstance(uuid, flow);
      return flow;
    };
    const a = named('a', 'uuid-1');
    const b = named('b', 'uuid-1');
    const c = named('c', 'uuid-2');
    expect(index.flowsOfInstance('uuid-1')).toEqual([a, b]);
    c.absorb(a);
    index.move(a, c);
    expect(index.flowsOfInstance('uuid-1')).toEqual([b, c]);
    expect(index.flowsOfInstance('uuid-2')).toEqual([c]);
    index.forget(c);
    expect(index.flowsOfInstance('uuid-1')).toEqual([b]);
    expect(index.flowsOfInstance('uuid-2')).toEqual([]);
  });
});
