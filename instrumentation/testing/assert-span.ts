import { SpanStatusCode } from '@opentelemetry/api';
import type { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';

/** What a test expects of one span; every field is optional and checked only when given. */
export interface ExpectedSpan {
  readonly name?: string;
  readonly kind?: SpanKind;
  /** The parent span, or `null` for a span that must root its trace. */
  readonly parent?: ReadableSpan | null;
  /** Attributes that must be present with these values (others may exist too). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Attribute keys that must be absent. */
  readonly absent?: readonly string[];
  /** `ERROR` or `UNSET`. */
  readonly status?: SpanStatusCode;
  /** The resource's `service.name`. */
  readonly service?: string;
  /** Spans this span must link to. */
  readonly links?: readonly ReadableSpan[];
}

/** The one span assertion every shim test uses (after OpenTelemetry JS's `assertSpan`). */
export function assertSpan(span: ReadableSpan | undefined, expected: ExpectedSpan): asserts span is ReadableSpan {
  expect(span, `span ${expected.name ?? ''} exists`).toBeDefined();
  if (span === undefined) return;
  const label = `span "${span.name}"`;
  if (expected.name !== undefined) expect(span.name, `${label} name`).toBe(expected.name);
  if (expected.kind !== undefined) expect(span.kind, `${label} kind`).toBe(expected.kind);
  if (expected.parent === null) expect(span.parentSpanContext?.spanId, `${label} is a root`).toBeUndefined();
  if (expected.parent !== undefined && expected.parent !== null) {
    expect(span.spanContext().traceId, `${label} trace`).toBe(expected.parent.spanContext().traceId);
    expect(span.parentSpanContext?.spanId, `${label} parent`).toBe(expected.parent.spanContext().spanId);
  }
  for (const [key, value] of Object.entries(expected.attributes ?? {})) expect(span.attributes[key], `${label} attribute ${key}`).toEqual(value);
  for (const key of expected.absent ?? []) expect(span.attributes[key], `${label} has no ${key}`).toBeUndefined();
  if (expected.status !== undefined) expect(span.status.code, `${label} status`).toBe(expected.status);
  if (expected.service !== undefined) expect(span.resource.attributes['service.name'], `${label} service`).toBe(expected.service);
  for (const target of expected.links ?? []) {
    const linked = span.links.some((l) => l.context.spanId === target.spanContext().spanId && l.context.traceId === target.spanContext().traceId);
    expect(linked, `${label} links to "${target.name}"`).toBe(true);
  }
}

/** The single span matching `predicate`; fails the test when there is none or several. */
export function onlySpan(spans: readonly ReadableSpan[], predicate: (span: ReadableSpan) => boolean, what: string): ReadableSpan {
  const found = spans.filter(predicate);
  expect(found.map((s) => s.name), `exactly one ${what}`).toHaveLength(1);
  return found[0]!;
}

export { SpanStatusCode };
