import { describe, expect, it } from 'vitest';
import type { WriteBatch } from '../store/contracts.js';
import { MemoryFlowStore } from '../store/memory-store.js';
import { scriptBoot } from '../testing/boot.js';
import { SCRIPT_ENDPOINTS } from '../testing/flow-script.js';
import { SpanFactory } from '../testing/spans.js';
import { FlowAssembler } from './assembler.js';

const T0 = 1_764_000_000_000_000;

/** A memory store that refuses the next `failures.left` writes, as SQLite does when the file is locked. */
function flakyStore(failures: { left: number }): MemoryFlowStore {
  const store = new MemoryFlowStore();
  const write = store.write.bind(store);
  store.write = (batch: WriteBatch): void => {
    if (failures.left-- > 0) throw new Error('database is locked');
    write(batch);
  };
  return store;
}

describe('FlowAssembler when the store refuses a background write', () => {
  it('keeps a completing flow in flight, counts the error, never throws from tick, and stores every span on the next try', () => {
    const clock = { ms: 1_000_000 };
    const failures = { left: 0 };
    const store = flakyStore(failures);
    const assembler = new FlowAssembler({
      store, endpoints: SCRIPT_ENDPOINTS, quietPeriodMs: 3000, settleMs: 200, rebuildIntervalMs: 0, flushIntervalMs: 3_600_000,
      maxInFlightFlows: 100, maxBufferedSpans: 10_000, now: () => clock.ms,
    });
    const completed: string[] = [];
    assembler.onFlow((flow, change) => change === 'completed' && completed.push(flow.id));
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans);
    failures.left = 1;
    clock.ms += 300;
    expect(() => assembler.tick()).not.toThrow();
    expect(assembler.counts.writeErrors).toBe(1);
    expect(assembler.inFlight).toBe(1);
    expect(completed).toEqual([]);
    expect(assembler.getFlow(boot.requestId)?.spanCount).toBe(boot.spans.length);
    clock.ms += 100;
    assembler.tick();
    expect(completed).toEqual([boot.requestId]);
    expect(assembler.inFlight).toBe(0);
    expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
    expect(store.getFlow(boot.requestId)?.status).toBe('complete');
  });
});
