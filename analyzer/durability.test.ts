import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpanKind } from '../core/span.js';
import { startAnalyzer } from './index.js';
import { SqliteFlowStore } from './store/sqlite/sqlite-store.js';
import { scriptBoot } from './testing/boot.js';
import { SpanFactory } from './testing/spans.js';

/** What another process would read from the file right now. */
function storedSpanIds(dbPath: string, flowId: string): string[] {
  const reader = new SqliteFlowStore(dbPath);
  try {
    return reader.getSpans(flowId).map((s) => s.spanId);
  } finally {
    reader.close();
  }
}

describe('analyzer ingest durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('consume resolves only once the spans are readable from the db file by a new store', async () => {
    const dbPath = join(dir, 'flows.db');
    // Nothing completes and no periodic flush runs during the test: only consume can have written.
    const analyzer = await startAnalyzer({ dbPath, port: 0, quietPeriodMs: 3_600_000, settleMs: 200, flushIntervalMs: 3_600_000, tickMs: 10 });
    try {
      const factory = new SpanFactory(31);
      const boot = scriptBoot(factory, Date.now() * 1000);
      const [first, ...rest] = boot.spans;
      await analyzer.ingest.consume([first!]);
      expect(storedSpanIds(dbPath, boot.requestId)).toEqual([first!.spanId]);
      await analyzer.ingest.consume(rest);
      expect(storedSpanIds(dbPath, boot.requestId).sort()).toEqual(boot.spans.map((s) => s.spanId).sort());
      expect(analyzer.getFlow(boot.requestId)?.status).toBe('in_progress');

      // A span without request ids whose parent never comes waits settleMs, then joins its trace's flow.
      const orphan = factory.span({ service: 'nova-compute', kind: SpanKind.INTERNAL, name: 'orphan', startUs: Date.now() * 1000, durationUs: 10, traceId: factory.traceId() });
      const parked = { ...orphan, parentSpanId: factory.spanId() };
      const started = Date.now();
      await analyzer.ingest.consume([parked]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(storedSpanIds(dbPath, parked.traceId)).toEqual([parked.spanId]);
    } finally {
      await analyzer.shutdown();
    }
  });
});
