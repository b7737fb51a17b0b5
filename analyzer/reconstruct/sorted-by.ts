/**
 * `items` in `compare` order: `items` itself when already in that order (a flow's spans and a
 * span's children usually arrive so), else a sorted copy. Never sorts in place: the input may be
 * shared (a SpanTree's index, a flow's span list).
 */
export function sortedBy<T>(items: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1]!, items[i]!) > 0) return [...items].sort(compare);
  return items;
}
