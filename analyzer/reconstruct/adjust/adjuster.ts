/**
 * A repair step (Jaeger's adjusters are the model): a pure function from a flow's spans to
 * repaired copies plus warnings for the flow. Steps never mutate the spans they receive and never
 * drop a span silently: whatever they remove or change is named in a warning. A step that changes
 * nothing returns the array it was given, so the next step reads the same SpanTree.
 */
import type { Span } from '../../../core/span.js';
import { SpanTree } from '../span-tree.js';

export interface Adjusted {
  readonly spans: readonly Span[];
  readonly warnings: readonly string[];
}

/** A step; `tree` indexes exactly `spans` (steps called alone build their own). */
export type Adjuster = (spans: readonly Span[], tree: SpanTree) => Adjusted;

/** The repaired spans, every step's warnings, and the repaired spans' tree. */
export interface Repaired extends Adjusted {
  readonly tree: SpanTree;
}

/** Applies the steps in order, collecting every step's warnings; a new tree only for a changed array. */
export function applyAdjusters(spans: readonly Span[], adjusters: readonly Adjuster[]): Repaired {
  let tree = new SpanTree(spans);
  const warnings: string[] = [];
  for (const adjust of adjusters) {
    const result = adjust(tree.spans, tree);
    if (result.spans !== tree.spans) tree = new SpanTree(result.spans);
    warnings.push(...result.warnings);
  }
  return { spans: tree.spans, warnings, tree };
}

/** `nova-api span 00ab… (POST /v2.1/servers)`: how warnings name a span. */
export function describeSpan(span: Span): string {
  return `${span.resource.serviceName} span ${span.spanId} (${span.name})`;
}
