import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/span.js';
import { scriptBoot } from '../testing/boot.js';
import { SpanFactory, withSpan } from '../testing/spans.js';
import { applyAdjusters } from './adjust/adjuster.js';
import type { Adjuster } from './adjust/adjuster.js';
import { STANDARD_ADJUSTERS } from './adjust/standard.js';
import { SpanTree } from './span-tree.js';

const T0 = 1_764_000_000_000_000;

function boot(): readonly Span[] {
  return scriptBoot(new SpanFactory(), T0).spans;
}

describe('SpanTree', () => {
  it('finds spans by id, parents in the flow, and children in span order', () => {
    const spans = boot();
    const tree = new SpanTree(spans);
    const root = spans.find((s) => s.parentSpanId === '')!;
    const children = spans.filter((s) => s.parentSpanId === root.spanId);
    expect(children.length).toBeGreaterThan(1);
    expect(tree.childrenOf(root)).toEqual(children);
    expect(tree.parentOf(children[0]!)).toBe(root);
    expect(tree.parentOf(root)).toBeUndefined();
    expect(tree.byId(children[1]!.spanId)).toBe(children[1]);
    expect(tree.childrenOf(spans.find((s) => !spans.some((c) => c.parentSpanId === s.spanId))!)).toEqual([]);
    expect(tree.distinctIds).toBe(spans.length);
  });

  it('treats a parent outside the flow as none, and counts a repeated id once', () => {
    const [root, child] = boot();
    const stray = withSpan(child!, { parentSpanId: 'f'.repeat(16) });
    const tree = new SpanTree([root!, stray, stray]);
    expect(tree.parentOf(stray)).toBeUndefined();
    expect(tree.childrenOf(root!)).toEqual([]);
    expect(tree.distinctIds).toBe(2);
  });
});

describe('applyAdjusters', () => {
  it('hands every step the same tree while the spans stay the same array, and a new one after a change', () => {
    const spans = boot();
    const seen: SpanTree[] = [];
    const keep: Adjuster = (given, tree) => (seen.push(tree), { spans: given, warnings: [] });
    const reverse: Adjuster = (given) => ({ spans: [...given].reverse(), warnings: ['reversed'] });
    const result = applyAdjusters(spans, [keep, keep, reverse, keep]);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]!.spans).toBe(spans);
    expect(seen[2]).not.toBe(seen[1]);
    expect(seen[2]).toBe(result.tree);
    expect(result.tree.spans).toBe(result.spans);
    expect(result.spans).toEqual([...spans].reverse());
    expect(result.warnings).toEqual(['reversed']);
  });

  it('leaves an ordered flow needing no repair as the array it was given', () => {
    const ordered = applyAdjusters(boot(), STANDARD_ADJUSTERS).spans;
    const again = applyAdjusters(ordered, STANDARD_ADJUSTERS);
    expect(again.spans).toBe(ordered);
    expect(again.warnings).toEqual([]);
  });
});
