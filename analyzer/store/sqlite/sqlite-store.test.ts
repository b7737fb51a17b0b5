import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { runFlowStoreConformance } from '../conformance.js';
import { SqliteFlowStore } from './sqlite-store.js';

runFlowStoreConformance('SqliteFlowStore', () => new SqliteFlowStore(':memory:'));

describe('SqliteFlowStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves every stored flow and span after the store is closed and reopened', () => {
    const path = join(dir, 'flows.db');
    const boot = scriptBoot(new SpanFactory(3), 1_764_000_000_000_000);
    const flow = buildFlow({ id: boot.requestId, aliases: boot.aliases.values(), spans: boot.spans, complete: true, updatedUs: 1, endpoints: {} }).flow;
    const first = new SqliteFlowStore(path);
    first.write({ spans: [{ flowId: flow.id, spans: boot.spans }], flows: [flow] });
    first.close();
    const second = new SqliteFlowStore(path);
    expect(second.getFlow(boot.aliases.get('neutron')!)).toEqual(flow);
    expect(second.getSpans(flow.id)).toEqual([...boot.spans].sort((a, b) => a.startUs - b.startUs));
    expect(second.stats()).toEqual({ flows: 1, spans: boot.spans.length });
    second.close();
  });
});
