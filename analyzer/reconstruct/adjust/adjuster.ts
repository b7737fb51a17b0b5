/**
 * A repair step (Jaeger's adjusters are the model): a pure function from a flow's spans to
 * repaired copies plus warnings for the flow. Steps never mutate the spans they receive and never
 * drop a span silently: whatever they remove or change is named in a warning.
 */
import type { Span } from '../../../core/span.js';

export interface Adjusted {
  readonly spans: readonly Span[];
  readonly warnings: readonly string[];
}

export type Adjuster = (spans: readonly Span[]) => Adjusted;

/** Applies the steps in order, collecting every step's warnings. */
export function applyAdjusters(spans: readonly Span[], adjusters: readonly Adjuster[]): Adjusted {
  let current = spans;
  const warnings: string[] = [];
  for (const adjust of adjusters) {
    const result = adjust(current);
    current = result.spans;
    warnings.push(...result.warnings);
  }
  return { spans: current, warnings };
}

/** `nova-api span 00ab… (POST /v2.1/servers)`: how warnings name a span. */
export function describeSpan(span: Span): string {
  return `${span.resource.serviceName} span ${span.spanId} (${span.name})`;
}
