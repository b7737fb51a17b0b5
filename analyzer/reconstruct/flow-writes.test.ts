import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { WriteBatch } from '../store/contracts.js';
import { SpanFactory } from '../testing/spans.js';
import { FlowWrites } from './flow-writes.js';
import { PendingFlow } from './pending-flow.js';

const T0 = 1_764_000_000_000_000;

/** Flows `a` and `b` with three spans each, placed through `writes`, and a holder map for merges. */
function setup(write: (batch: WriteBatch) => void) {
  const factory = new SpanFactory();
  const holders = new Map<PendingFlow, PendingFlow>();
  const writes = new FlowWrites({ store: { write }, holderOf: (flow) => holders.get(flow) ?? flow, isParked: () => false, now: () => 0 });
  const flows = { a: new PendingFlow('req-a', 0), b: new PendingFlow('req-b', 0) };
  const spans: Span[] = [];
  for (const flow of [flows.a, flows.b]) {
    for (let i = 0; i < 3; i++) {
      const span = factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name: `GET /${i}`, startUs: T0 + i, durationUs: 10 });
      spans.push(span);
      if (flow.add(span, 0)) writes.placed(flow);
    }
  }
  return { writes, flows, spans, holders };
}

function written(batches: readonly WriteBatch[]): { flowId: string; spanId: string }[] {
  return batches.flatMap((b) => (b.spans ?? []).flatMap((s) => s.spans.map((span) => ({ flowId: s.flowId, spanId: span.spanId }))));
}

describe('FlowWrites', () => {
  it('writes a merged-away flow\'s spans once, under the flow that absorbed them, after the merge', async () => {
    const batches: WriteBatch[] = [];
    const { writes, flows, spans, holders } = setup((batch) => batches.push(batch));
    flows.a.absorb(flows.b);
    holders.set(flows.b, flows.a);
    writes.merged({ from: 'req-b', into: 'req-a' }, flows.a);
    await writes.durable(spans);
    const rows = written(batches);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.spanId)).size).toBe(6);
    expect(rows.every((r) => r.flowId === 'req-a')).toBe(true);
    expect(batches[0]!.merges).toEqual([{ from: 'req-b', into: 'req-a' }]);
    expect(writes.buffered).toBe(0);
  });

  it('puts the spans of a refused write back and writes them with the next call', async () => {
    const batches: WriteBatch[] = [];
    let refuse = true;
    const { writes, spans } = setup((batch) => {
      if (refuse) throw new Error('disk full');
      batches.push(batch);
    });
    await expect(writes.durable(spans)).rejects.toThrow('disk full');
    expect(writes.buffered).toBe(6);
    refuse = false;
    await writes.durable(spans);
    expect(written(batches).map((r) => r.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    expect(writes.buffered).toBe(0);
  });

  it('writes nothing twice when flush follows a write loop', async () => {
    const batches: WriteBatch[] = [];
    const { writes, spans } = setup((batch) => batches.push(batch));
    await writes.durable(spans);
    writes.flush();
    expect(written(batches)).toHaveLength(6);
  });
});
