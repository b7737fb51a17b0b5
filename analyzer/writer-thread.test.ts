import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAnalyzer } from './index.js';
import { SqliteFlowStore } from './store/sqlite/sqlite-store.js';
import { scriptBoot, scriptShelve } from './testing/boot.js';
import { SpanFactory } from './testing/spans.js';

/** What another process would read from the file right now. */
function storedSpanIds(dbPath: string, flowId: string): string[] {
  const reader = new SqliteFlowStore(dbPath, { checkpoint: 'auto' });
  try {
    return reader.getSpans(flowId).map((s) => s.spanId).sort();
  } finally {
    reader.close();
  }
}

describe('analyzer with the store written from its own thread (writerThread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-writer-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves consume only once the spans are in the file, serves flows while and after they are written, and resumes after a restart', async () => {
    const dbPath = join(dir, 'flows.db');
    const factory = new SpanFactory(41);
    const t0 = Date.now() * 1000;
    const flows = Array.from({ length: 10 }, (_, i) => scriptBoot(factory, t0 + i * 1_000_000));
    const unfinished = scriptShelve(factory, t0 + 20_000_000);
    const first = await startAnalyzer({ dbPath, port: 0, settleMs: 10, tickMs: 10, writerThread: true });
    const completed = new Set<string>();
    const allDone = new Promise<void>((resolve) => first.onFlow((flow, change) => {
      if (change === 'completed') completed.add(flow.id);
      if (completed.size === flows.length) resolve();
    }));
    for (const flow of flows) {
      await first.ingest.consume(flow.spans);
      expect(storedSpanIds(dbPath, flow.requestId)).toEqual(flow.spans.map((s) => s.spanId).sort());
      expect(first.getFlow(flow.aliases.get('neutron')!)?.spanCount).toBe(flow.spans.length);
    }
    await allDone;
    for (const flow of flows) {
      const response = await fetch(`${first.url}/api/flows/${flow.aliases.get('neutron')}`);
      expect(await response.json()).toMatchObject({ id: flow.requestId, status: 'complete', spanCount: flow.spans.length });
    }
    await first.ingest.consume(unfinished.spans.slice(0, 3));
    await first.shutdown();
    await first.shutdown();

    const second = await startAnalyzer({ dbPath, port: 0, settleMs: 10, tickMs: 10, writerThread: true });
    try {
      for (const flow of flows) expect(second.getFlow(flow.requestId)).toMatchObject({ status: 'complete', spanCount: flow.spans.length });
      expect(second.getFlow(unfinished.requestId)).toMatchObject({ status: 'in_progress', spanCount: 3 });
      const resumed = new Promise((resolve) => second.onFlow((flow, change) => change === 'completed' && flow.id === unfinished.requestId && resolve(flow)));
      await second.ingest.consume(unfinished.spans.slice(3));
      expect(await resumed).toMatchObject({ status: 'complete', spanCount: unfinished.spans.length });
      expect(second.counters()).toMatchObject({ reopened: 1, writeErrors: 0 });
    } finally {
      await second.shutdown();
    }
  });
});
