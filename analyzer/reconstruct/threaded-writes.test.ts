import { describe, expect, it } from 'vitest';
import type { WriteBatch } from '../store/contracts.js';
import { MemoryFlowStore } from '../store/memory-store.js';
import { scriptBoot } from '../testing/boot.js';
import { SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory } from '../testing/spans.js';
import { FlowAssembler } from './assembler.js';
import type { AsyncFlowWriter } from './writer/store-thread.js';

const T0 = 1_764_000_000_000_000;

/** A writer thread stand-in: each write waits until the test answers it, then applies to `store` (or is refused). */
class ManualWriter implements AsyncFlowWriter {
  readonly store = new MemoryFlowStore();
  readonly queued: { batch: WriteBatch; answer: (refusal?: Error) => void }[] = [];

  write(batch: WriteBatch): Promise<void> {
    return new Promise((resolve, reject) => this.queued.push({
      batch,
      answer: (refusal) => {
        if (refusal !== undefined) return reject(refusal);
        this.store.write(batch);
        resolve();
      },
    }));
  }

  /** Answers every queued write in order, then lets the promise callbacks run. */
  async answerAll(refusal?: Error): Promise<void> {
    while (this.queued.length > 0) this.queued.shift()!.answer(refusal);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup() {
  const clock = { ms: 1_000_000 };
  const writer = new ManualWriter();
  const assembler = new FlowAssembler({
    store: writer.store, writer, endpoints: SCRIPT_ENDPOINTS, quietPeriodMs: 3000, settleMs: 200, rebuildIntervalMs: 0, flushIntervalMs: 3_600_000,
    maxInFlightFlows: 100, maxBufferedSpans: 10_000, now: () => clock.ms,
  });
  const completed: string[] = [];
  assembler.onFlow((flow, change) => change === 'completed' && completed.push(flow.id));
  return { clock, writer, assembler, completed };
}

describe('FlowAssembler with a store written on another thread', () => {
  it('resolves durable only once the writes holding the batch are committed, posting a large batch in parts as it routes it', async () => {
    const { writer, assembler } = setup();
    const factory = new SpanFactory(8);
    const spans = Array.from({ length: 12 }, (_, i) => scriptBoot(factory, T0 + i * 1000).spans).flat();
    assembler.add(spans);
    expect(writer.queued.length).toBeGreaterThan(1);
    let resolved = false;
    const durable = assembler.durable(spans).then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    await writer.answerAll();
    await durable;
    expect(writer.store.stats().spans).toBe(spans.length);
  });

  it('keeps a completing flow readable until its completion is committed, then forgets and announces it', async () => {
    const { clock, writer, assembler, completed } = setup();
    const boot = scriptBoot(new SpanFactory(9), T0);
    assembler.add(boot.spans);
    clock.ms += 300;
    assembler.tick();
    expect(writer.queued.some((q) => (q.batch.flows ?? []).length === 1)).toBe(true);
    expect(assembler.inFlight).toBe(1);
    expect(completed).toEqual([]);
    expect(assembler.getFlow(boot.requestId)?.status).toBe('complete');
    clock.ms += 100;
    assembler.tick();
    expect(writer.queued.filter((q) => (q.batch.flows ?? []).length === 1)).toHaveLength(1);
    await writer.answerAll();
    expect(completed).toEqual([boot.requestId]);
    expect(assembler.inFlight).toBe(0);
    expect(writer.store.getFlow(boot.requestId)?.spanCount).toBe(boot.spans.length);
  });

  it('keeps in flight a flow that received a span while its completion was being written', async () => {
    const { clock, writer, assembler, completed } = setup();
    const boot = scriptBoot(new SpanFactory(10), T0);
    const late = boot.spans.at(-1)!;
    assembler.add(boot.spans.filter((s) => s !== late));
    clock.ms += 3100;
    assembler.tick();
    assembler.add([late]);
    await writer.answerAll();
    expect(completed).toEqual([]);
    expect(assembler.inFlight).toBe(1);
    clock.ms += 300;
    assembler.tick();
    await writer.answerAll();
    expect(completed).toEqual([boot.requestId]);
    expect(writer.store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
  });

  it('rejects durable when a write is refused, and writes the same spans on the next flush', async () => {
    const { writer, assembler } = setup();
    const boot = scriptBoot(new SpanFactory(11), T0);
    assembler.add(boot.spans);
    const refused = expect(assembler.durable(boot.spans)).rejects.toThrow('database is locked');
    await writer.answerAll(new Error('database is locked'));
    await refused;
    expect(assembler.counts.writeErrors).toBeGreaterThan(0);
    expect(writer.store.stats().spans).toBe(0);
    const again = assembler.durable(boot.spans);
    await writer.answerAll();
    await again;
    expect(writer.store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
  });
});
