import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow } from '../../reconstruct/build-flow.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { SqliteFlowStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hoptrace-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fill(store: SqliteFlowStore, boots: number, seed: number): string[] {
  const factory = new SpanFactory(seed);
  const ids: string[] = [];
  for (let i = 0; i < boots; i++) {
    const boot = scriptBoot(factory, 1_764_000_000_000_000 + i * 1000);
    const flow = buildFlow({ id: boot.requestId, aliases: boot.aliases.values(), spans: boot.spans, complete: true, updatedUs: 1, endpoints: {} }).flow;
    store.write({ spans: [{ flowId: flow.id, spans: boot.spans }], flows: [flow] });
    ids.push(flow.id);
  }
  return ids;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const sizeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

describe('SqliteFlowStore WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database file while the store stays open, and every flow is served after a reopen', async () => {
    const path = join(dir, 'passive.db');
    const options: SqliteStoreOptions = { checkpointer: { intervalMs: 5 } };
    const store = new SqliteFlowStore(path, options);
    const before = sizeOf(path);
    const ids = fill(store, 100, 1);
    await until(() => (store.checkpointStats()?.passive ?? 0) > 0 && sizeOf(path) > before);
    expect(store.checkpointStats()).toMatchObject({ truncated: 0, errors: 0 });
    store.close();
    store.close();
    const reopened = new SqliteFlowStore(path, options);
    expect(ids.every((id) => reopened.getFlow(id)?.id === id)).toBe(true);
    expect(reopened.stats().flows).toBe(100);
    reopened.close();
  });

  it('truncates the WAL once it is larger than maxWalBytes', async () => {
    const path = join(dir, 'truncate.db');
    const store = new SqliteFlowStore(path, { checkpointer: { intervalMs: 5, maxWalBytes: 1 } });
    fill(store, 50, 2);
    await until(() => (store.checkpointStats()?.truncated ?? 0) > 0 && sizeOf(`${path}-wal`) === 0);
    expect(store.stats().flows).toBe(50);
    store.close();
  });

  it('lets the writer restart a WAL the worker has copied completely, before its next transaction', async () => {
    const path = join(dir, 'restart.db');
    const store = new SqliteFlowStore(path, { checkpointer: { intervalMs: 30, restartWalBytes: 1 } });
    const ids = fill(store, 20, 3);
    // A write that finds the worker mid-step leaves the restart to a later one.
    for (let i = 0; i < 20 && store.checkpointStats()?.restarts === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 80));
      ids.push(...fill(store, 1, 100 + i));
    }
    expect(store.checkpointStats()?.restarts).toBeGreaterThan(0);
    expect(ids.every((id) => store.getFlow(id)?.id === id)).toBe(true);
    store.close();
    const reopened = new SqliteFlowStore(path);
    expect(reopened.stats().flows).toBe(ids.length);
    reopened.close();
  });

  it('leaves checkpoints to SQLite inside commits when asked, and for :memory:', () => {
    const auto = new SqliteFlowStore(join(dir, 'auto.db'), { checkpoint: 'auto' });
    expect(auto.checkpointStats()).toBeUndefined();
    auto.close();
    const memory = new SqliteFlowStore(':memory:');
    expect(memory.checkpointStats()).toBeUndefined();
    memory.close();
  });

  it('starts its worker without the host process preloads (a TypeScript preload would fail it)', () => {
    const preload = join(dir, 'preload.ts');
    writeFileSync(preload, 'const typed: number = 1;\nexport { typed };\n');
    const script = join(dir, 'open-store.ts');
    const store = JSON.stringify(new URL('./sqlite-store.ts', import.meta.url).pathname);
    writeFileSync(script, [
      `import { SqliteFlowStore } from ${store};`,
      `const s = new SqliteFlowStore(${JSON.stringify(join(dir, 'preloaded.db'))});`,
      `setTimeout(() => { process.stdout.write(JSON.stringify(s.checkpointStats())); s.close(); }, 500);`,
    ].join('\n'));
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', preload, script], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).toMatchObject({ errors: 0, passive: expect.any(Number) as number });
    expect((JSON.parse(out) as { passive: number }).passive).toBeGreaterThan(0);
  });
});
