import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from './id-generator.js';

describe('PooledIdGenerator', () => {
  it('hands out lower-case hex W3C ids of the right length, distinct across pool refills', () => {
    const ids = new PooledIdGenerator();
    const spans = Array.from({ length: 2_000 }, () => ids.generateSpanId());
    const traces = Array.from({ length: 1_000 }, () => ids.generateTraceId());
    expect(spans.every((id) => /^[0-9a-f]{16}$/.test(id) && id !== '0'.repeat(16))).toBe(true);
    expect(traces.every((id) => /^[0-9a-f]{32}$/.test(id) && id !== '0'.repeat(32))).toBe(true);
    expect(new Set(spans).size).toBe(spans.length);
    expect(new Set(traces).size).toBe(traces.length);
  });
});
