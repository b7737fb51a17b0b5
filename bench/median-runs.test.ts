import { describe, expect, it } from 'vitest';
import { medianRuns } from './median-runs.js';

describe('medianRuns', () => {
  it('interleaves the kinds round by round and keeps each kind’s median run whole', async () => {
    const order: string[] = [];
    const rates: Record<string, number[]> = { a: [30, 10, 20], b: [5, 7, 6] };
    const result = await medianRuns(['a', 'b'], 3, async (kind, round) => {
      order.push(`${kind}${round}`);
      return { kind, round, rate: rates[kind]![round]! };
    }, (run) => run.rate);
    expect(order).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(result).toEqual([
      { kind: 'a', round: 2, rate: 20, runsSpansPerS: [30, 10, 20] },
      { kind: 'b', round: 2, rate: 6, runsSpansPerS: [5, 7, 6] },
    ]);
  });

  it('takes the lower middle run of an even count, and the only run of one', async () => {
    const [even] = await medianRuns(['x'], 4, async (_, round) => ({ round, rate: [4, 1, 3, 2][round]! }), (run) => run.rate);
    expect(even).toMatchObject({ rate: 2, runsSpansPerS: [4, 1, 3, 2] });
    const [single] = await medianRuns(['x'], 1, async () => ({ rate: 9 }), (run) => run.rate);
    expect(single).toEqual({ rate: 9, runsSpansPerS: [9] });
  });
});
