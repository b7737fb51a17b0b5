/** A scenario's median run, whole, and the rate of every run (in the order run). */
export type MedianRun<T> = T & { readonly runsSpansPerS: readonly number[] };

/**
 * Runs each of `kinds` `repeat` times, interleaved (round by round, so a slow stretch of a shared
 * machine hits every kind alike), and keeps each kind's median run by `rate` (the lower middle
 * one for an even count), with the rates of all its runs beside it.
 */
export async function medianRuns<K, T>(kinds: readonly K[], repeat: number, once: (kind: K, round: number) => Promise<T>, rate: (run: T) => number): Promise<MedianRun<T>[]> {
  const runs = kinds.map(() => [] as T[]);
  for (let round = 0; round < repeat; round++) for (const [i, kind] of kinds.entries()) runs[i]!.push(await once(kind, round));
  return runs.map((all) => {
    const sorted = [...all].sort((a, b) => rate(a) - rate(b));
    return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, runsSpansPerS: all.map(rate) };
  });
}
