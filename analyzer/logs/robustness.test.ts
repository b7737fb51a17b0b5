/**
 * Bad input is never fatal: random bytes, truncated lines and shuffled records parse and build
 * without throwing, every line is accounted for, and every span built is well formed.
 */
import { describe, expect, it } from 'vitest';
import { isValidSpanId, isValidTraceId } from '../../core/span.js';
import { logFlowsToSpans } from './build.js';
import { parseOsloLog } from './parse.js';
import { bootRecords } from './testdata/boot-fixture.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('robustness', () => {
  it('parses random bytes and mangled log lines without throwing, counting every line', () => {
    const rnd = random(9);
    const good = bootRecords().map((r) => r.raw);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 30 }, () => {
        const pick = rnd();
        if (pick < 0.3) return Buffer.from(Array.from({ length: Math.floor(rnd() * 80) }, () => Math.floor(rnd() * 256))).toString('latin1');
        const line = good[Math.floor(rnd() * good.length)]!;
        return pick < 0.7 ? line.slice(0, Math.floor(rnd() * line.length)) : line;
      });
      const text = lines.join(rnd() < 0.5 ? '\n' : '\r\n');
      const { records, stats } = parseOsloLog(text);
      const expectedLines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      expect(stats.lines).toBe(expectedLines);
      expect(stats.records).toBe(records.length);
      expect(stats.records + stats.continuationLines + stats.unknownLines + stats.blankLines).toBe(stats.lines);
      expect(() => logFlowsToSpans(records)).not.toThrow();
    }
  });

  it('builds well-formed spans from records in any order and with any times', () => {
    const rnd = random(4);
    const records = bootRecords();
    for (let round = 0; round < 100; round++) {
      const shuffled = [...records].sort(() => rnd() - 0.5).map((r) => ({ ...r, timeUs: r.timeUs + Math.floor((rnd() - 0.5) * 50_000) }));
      const { flows } = logFlowsToSpans(shuffled);
      for (const flow of flows) {
        const ids = new Set(flow.spans.map((s) => s.spanId));
        expect(ids.size).toBe(flow.spans.length);
        for (const span of flow.spans) {
          expect(isValidTraceId(span.traceId) && isValidSpanId(span.spanId)).toBe(true);
          expect(span.endUs).toBeGreaterThanOrEqual(span.startUs);
          if (span.parentSpanId !== '') expect(ids.has(span.parentSpanId)).toBe(true);
        }
      }
    }
  });
});
