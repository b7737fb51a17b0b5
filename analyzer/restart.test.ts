import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAnalyzer } from './index.js';
import { scriptBoot, scriptShelve } from './testing/boot.js';
import { SpanFactory } from './testing/spans.js';

describe('analyzer restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves every stored flow after stop and start, and resumes an in-flight one', async () => {
    const dbPath = join(dir, 'flows.db');
    const factory = new SpanFactory(21);
    const t0 = Date.now() * 1000;
    const flows = Array.from({ length: 10 }, (_, i) => scriptBoot(factory, t0 + i * 1_000_000));
    const unfinished = scriptShelve(factory, t0 + 20_000_000);
    const first = await startAnalyzer({ dbPath, port: 0, settleMs: 10, tickMs: 10 });
    const completed = new Set<string>();
    const allDone = new Promise<void>((resolve) => first.onFlow((flow, change) => {
      if (change === 'completed') completed.add(flow.id);
      if (completed.size === flows.length) resolve();
    }));
    for (const flow of flows) await first.ingest.consume(flow.spans);
    await allDone;
    await first.ingest.consume(unfinished.spans.slice(0, 3));
    await first.shutdown();
    await first.shutdown();

    const second = await startAnalyzer({ dbPath, port: 0, settleMs: 10, tickMs: 10 });
    try {
      for (const flow of flows) {
        const response = await fetch(`${second.url}/api/flows/${flow.aliases.get('neutron')}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ id: flow.requestId, status: 'complete', spanCount: flow.spans.length });
      }
      expect(second.getFlow(unfinished.requestId)).toMatchObject({ status: 'in_progress', spanCount: 3 });
      const resumed = new Promise((resolve) => second.onFlow((flow, change) => change === 'completed' && flow.id === unfinished.requestId && resolve(flow)));
      await second.ingest.consume(unfinished.spans.slice(3));
      expect(await resumed).toMatchObject({ status: 'complete', spanCount: unfinished.spans.length });
      expect(second.counters().reopened).toBe(1);
    } finally {
      await second.shutdown();
    }
  });
});
