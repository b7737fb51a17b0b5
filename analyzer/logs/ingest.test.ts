import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumerFrom } from '../../core/consumer.js';
import { PermanentError, RetryableError } from '../../core/errors.js';
import type { Span } from '../../core/span.js';
import { LogPathError } from './files.js';
import { ingestLogFiles } from './ingest.js';
import { A, BOOT_FILES, E } from './testdata/boot-fixture.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoptrace-logs-'));
  for (const [file, lines] of Object.entries(BOOT_FILES)) await writeFile(join(dir, file), lines.join('\r\n') + '\r\n');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sink(): { spans: Span[]; batches: number; next: ReturnType<typeof consumerFrom> } {
  const state = { spans: [] as Span[], batches: 0, next: consumerFrom(() => undefined) };
  state.next = consumerFrom((spans) => {
    state.batches++;
    state.spans.push(...spans);
  });
  return state;
}

describe('ingestLogFiles', () => {
  it('reads a folder of service logs and hands every flow on, counting everything', async () => {
    const out = sink();
    const stats = await ingestLogFiles([dir], out.next);
    expect(stats).toMatchObject({ files: 6, fileErrors: 0, lines: 14, records: 14, unknownLines: 0, grouped: 13, withoutRequestId: 1, flows: 2, multiServiceFlows: 1, spansRefused: 0 });
    expect(stats.spans).toBe(out.spans.length);
    expect(new Set(out.spans.map((s) => s.flowKey))).toEqual(new Set([A, E]));
    expect(stats.inferredHops).toBe(3);
  });

  it('is idempotent: ingesting the same logs twice yields the same span ids', async () => {
    const first = sink();
    const second = sink();
    await ingestLogFiles([dir], first.next);
    await ingestLogFiles([join(dir, 'nova-compute.log'), dir], second.next);
    expect(second.spans.map((s) => s.spanId).sort()).toEqual(first.spans.map((s) => s.spanId).sort());
  });

  it('reads rotated, gzip-compressed files', async () => {
    const api = BOOT_FILES['nova-api.log']!;
    await writeFile(join(dir, 'nova-api.log'), api.slice(3).join('\n') + '\n');
    await writeFile(join(dir, 'nova-api.log.1.gz'), gzipSync(api.slice(0, 3).join('\n') + '\n'));
    const out = sink();
    const stats = await ingestLogFiles([dir], out.next);
    expect(stats).toMatchObject({ files: 7, records: 14, flows: 2 });
  });

  it('keeps one flow in one batch and respects the batch size', async () => {
    const out = sink();
    const stats = await ingestLogFiles([dir], out.next, { batchSize: 1 });
    expect(out.batches).toBe(2);
    expect(stats.flows).toBe(2);
  });

  it('rejects before reading anything when a path does not exist, naming it', async () => {
    const out = sink();
    const missing = join(dir, 'nope.log');
    const error = await ingestLogFiles([dir, missing], out.next).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogPathError);
    expect((error as LogPathError).paths).toEqual([missing]);
    expect((error as Error).message).toContain(missing);
    expect(out.spans).toHaveLength(0);
  });

  it('retries a retryable refusal and counts a permanent one without stopping', async () => {
    let calls = 0;
    const flaky = consumerFrom(() => {
      if (++calls === 1) throw new RetryableError('busy', { retryAfterMs: 1 });
    });
    const stats = await ingestLogFiles([dir], flaky, { batchSize: 1 });
    expect(calls).toBe(3);
    expect(stats.spansRefused).toBe(0);

    let seen = 0;
    const picky = consumerFrom((spans) => {
      if (seen++ === 0) throw new PermanentError(`no thanks (${spans.length})`);
    });
    const refused = await ingestLogFiles([dir], picky, { batchSize: 1 });
    expect(refused.spansRefused).toBeGreaterThan(0);
    expect(refused.spans).toBeGreaterThan(0);
    expect(refused.errors[0]).toContain('no thanks');
  });
});
