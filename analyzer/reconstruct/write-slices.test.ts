import { describe, expect, it } from 'vitest';
import type { WriteBatch } from '../store/contracts.js';
import { MemoryFlowStore } from '../store/memory-store.js';
import { scriptBoot } from '../testing/boot.js';
import { SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory } from '../testing/spans.js';
import { FlowAssembler } from './assembler.js';
import { ReaderActivity, WriteBudget } from './write-budget.js';

const T0 = 1_764_000_000_000_000;

/** A memory store that logs each write (one transaction) and each turn of the event loop between writes. */
function loggingStore(log: string[]): MemoryFlowStore {
  const store = new MemoryFlowStore();
  const write = store.write.bind(store);
  store.write = (batch: WriteBatch): void => {
    const spans = (batch.spans ?? []).reduce((n, s) => n + s.spans.length, 0);
    log.push(`write ${spans} spans ${(batch.flows ?? []).length} flows`);
    write(batch);
  };
  return store;
}

function setup(log: string[], clock = { ms: 1_000_000 }) {
  const store = loggingStore(log);
  const assembler = new FlowAssembler({
    store, endpoints: SCRIPT_ENDPOINTS, quietPeriodMs: 3000, settleMs: 200, rebuildIntervalMs: 0, flushIntervalMs: 3_600_000, maxInFlightFlows: 1000,
    maxBufferedSpans: 100_000, now: () => clock.ms, writeBudget: { minUnits: 30, maxUnits: 30 },
  });
  return { store, assembler, clock };
}

function loopTurns(log: string[]): { stop(): void } {
  let on = true;
  const turn = (): void => {
    if (!on) return;
    log.push('loop');
    setImmediate(turn);
  };
  setImmediate(turn);
  return { stop: () => (on = false) };
}

describe('FlowAssembler write slices', () => {
  it('writes a large ingest batch in transactions of the budget’s size with the event loop turning between them, and resolves once all are stored', async () => {
    const log: string[] = [];
    const { store, assembler } = setup(log);
    const factory = new SpanFactory(2);
    const boots = Array.from({ length: 10 }, (_, i) => scriptBoot(factory, T0 + i * 1000));
    const spans = boots.flatMap((b) => b.spans);
    assembler.add(spans);
    const turns = loopTurns(log);
    await assembler.durable(spans);
    turns.stop();
    const writes = log.filter((l) => l.startsWith('write'));
    expect(writes.length).toBeGreaterThanOrEqual(Math.ceil(spans.length / (30 + 26)));
    for (const w of writes) expect(Number(w.split(' ')[1])).toBeLessThan(30 + 26);
    const turnsBetweenWrites = log.slice(log.indexOf(writes[0]!)).join(',').split(/,?write \d+ spans 0 flows,?/).slice(1, -1);
    expect(turnsBetweenWrites.length).toBe(writes.length - 1);
    expect(turnsBetweenWrites.every((between) => between.includes('loop'))).toBe(true);
    expect(store.stats().spans).toBe(spans.length);
    for (const boot of boots) expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
  });

  it('completes many due flows a budget’s worth at a time, each flow still served from memory until it is written', async () => {
    const log: string[] = [];
    const { store, assembler, clock } = setup(log);
    const factory = new SpanFactory(3);
    const boots = Array.from({ length: 12 }, (_, i) => scriptBoot(factory, T0 + i * 1000));
    const spans = boots.flatMap((b) => b.spans);
    assembler.add(spans);
    await assembler.durable(spans);
    log.length = 0;
    clock.ms += 300;
    assembler.tick();
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write 0 spans 3 flows']);
    expect(boots.every((b) => assembler.getFlow(b.requestId)?.graph.edges.length === 13)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.filter((l) => l.startsWith('write'))).toEqual(Array(4).fill('write 0 spans 3 flows'));
    expect(assembler.inFlight).toBe(0);
    expect(boots.every((b) => store.getFlow(b.requestId)?.status === 'complete')).toBe(true);
  });
});

describe('FlowAssembler rebuild slices', () => {
  it('rebuilds flows still receiving spans a slice at a time, announcing every one once the loop has turned', async () => {
    const clock = { ms: 1_000_000 };
    const assembler = new FlowAssembler({
      store: new MemoryFlowStore(), endpoints: SCRIPT_ENDPOINTS, quietPeriodMs: 3000, settleMs: 200, rebuildIntervalMs: 0, flushIntervalMs: 3_600_000,
      maxInFlightFlows: 1000, maxBufferedSpans: 100_000, now: () => clock.ms, rebuildSliceMs: 0,
    });
    const updated: string[] = [];
    assembler.onFlow((flow, change) => change === 'updated' && updated.push(flow.id));
    const factory = new SpanFactory(4);
    const boots = Array.from({ length: 5 }, (_, i) => scriptBoot(factory, T0 + i * 1000));
    assembler.add(boots.flatMap((b) => b.spans.slice(0, 5)));
    clock.ms += 10;
    assembler.tick();
    expect(updated).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(updated.sort()).toEqual(boots.map((b) => b.requestId).sort());
  });
});

describe('WriteBudget', () => {
  it('sizes transactions from the measured cost per unit, within its bounds', () => {
    const budget = new WriteBudget({ targetMs: 4, minUnits: 64, maxUnits: 4096 });
    for (let i = 0; i < 30; i++) budget.record(1000, 20);
    expect(budget.units).toBe(200);
    for (let i = 0; i < 30; i++) budget.record(1000, 1000);
    expect(budget.units).toBe(64);
    for (let i = 0; i < 30; i++) budget.record(1000, 0.1);
    expect(budget.units).toBe(4096);
  });

  it('aims at the longer pause only while no reader has come for the quiet time', () => {
    const clock = { ms: 0 };
    const readers = new ReaderActivity(1000, () => clock.ms);
    const budget = new WriteBudget({ targetMs: 2, unreadTargetMs: 10, readers, minUnits: 1, maxUnits: 4096 });
    for (let i = 0; i < 30; i++) budget.record(1000, 20);
    expect(readers.present).toBe(false);
    expect(budget.units).toBe(500);
    readers.noteRead();
    expect(budget.units).toBe(100);
    clock.ms = 999;
    expect(budget.units).toBe(100);
    clock.ms = 1000;
    expect(budget.units).toBe(500);
  });

  it('treats readers as always present when it is given none', () => {
    const budget = new WriteBudget({ targetMs: 2, unreadTargetMs: 10, minUnits: 1 });
    for (let i = 0; i < 30; i++) budget.record(1000, 20);
    expect(budget.units).toBe(100);
  });
});
