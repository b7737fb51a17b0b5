import { createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { spanScope } from './span-scope.js';

describe('spanScope', () => {
  const key = createContextKey('test key');
  const span = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
  const other = trace.wrapSpanContext({ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 });
  const parent = trace.setSpan(ROOT_CONTEXT.setValue(key, 'kept'), other);

  it('answers as trace.setSpan does: its span, and the parent for every other key', () => {
    const scope = spanScope(parent, span);
    expect(trace.getSpan(scope)).toBe(span);
    expect(scope.getValue(key)).toBe('kept');
    expect(trace.getSpan(parent)).toBe(other);
  });

  it('derives ordinary contexts that keep the span', () => {
    const scope = spanScope(parent, span);
    const derived = scope.setValue(createContextKey('another'), 1);
    expect(trace.getSpan(derived)).toBe(span);
    expect(derived.getValue(key)).toBe('kept');
    expect(trace.getSpan(trace.deleteSpan(scope))).toBeUndefined();
    expect(scope.deleteValue(key).getValue(key)).toBeUndefined();
  });
});
