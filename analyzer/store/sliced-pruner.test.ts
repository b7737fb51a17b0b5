import { describe, expect, it } from 'vitest';
import type { Retention, StoreStats } from './contracts.js';
import { SlicedPruner } from './sliced-pruner.js';

/** A store holding `flows` flows of 10 spans each; records the slice sizes it was asked for. */
function fakeStore(flows: number): { prune(r: Retention, nowUs: number, maxFlows?: number): StoreStats; calls: (number | undefined)[]; left(): number } {
  let left = flows;
  const calls: (number | undefined)[] = [];
  return {
    calls,
    left: () => left,
    prune(_retention, _nowUs, maxFlows) {
      calls.push(maxFlows);
      const removed = Math.min(left, maxFlows ?? left);
      left -= removed;
      return { flows: removed, spans: removed * 10 };
    },
  };
}

describe('SlicedPruner', () => {
  it('removes everything due in slices of sliceFlows, yielding to the event loop between slices', async () => {
    const store = fakeStore(10);
    const order: string[] = [];
    const pruner = new SlicedPruner({ prune: (r, now, max) => (order.push('slice'), store.prune(r, now, max)) }, { maxAgeMs: 1 }, 4);
    setImmediate(() => order.push('other work'));
    const removed = await pruner.run(0);
    expect(removed).toEqual({ flows: 10, spans: 100 });
    expect(store.calls).toEqual([4, 4, 4]);
    expect(store.left()).toBe(0);
    expect(order).toEqual(['slice', 'other work', 'slice', 'slice']);
  });

  it('runs one pass at a time: a second run joins the running pass', async () => {
    const store = fakeStore(8);
    const pruner = new SlicedPruner(store, { maxAgeMs: 1 }, 4);
    const [a, b] = [pruner.run(0), pruner.run(0)];
    expect(a).toBe(b);
    expect(await a).toEqual({ flows: 8, spans: 80 });
  });

  it('stops after the current slice, and counts a pass the store threw in', async () => {
    const store = fakeStore(100);
    const pruner = new SlicedPruner(store, { maxAgeMs: 1 }, 4);
    const pass = pruner.run(0);
    await pruner.stop();
    expect(await pass).toEqual({ flows: 4, spans: 40 });
    expect(await pruner.run(0)).toEqual({ flows: 0, spans: 0 });

    const failing = new SlicedPruner({ prune: () => { throw new Error('database is locked'); } }, { maxAgeMs: 1 });
    expect(await failing.run(0)).toEqual({ flows: 0, spans: 0 });
    expect(failing.errors).toBe(1);
  });
});
