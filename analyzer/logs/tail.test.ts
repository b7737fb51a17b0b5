import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { consumerFrom } from '../../core/consumer.js';
import type { Span } from '../../core/span.js';
import { tailLogFiles } from './tail.js';

const line = (ms: number, id: number, message: string): string => {
  const time = new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + ms).toISOString().replace('T', ' ').replace('Z', '');
  return `${time} 7 INFO nova.compute.manager [None req-00000000-0000-4000-8000-${String(id).padStart(12, '0')} u p - - -] ${message}\n`;
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoptrace-tail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function messages(spans: readonly Span[]): string[] {
  return spans.map((s) => String(s.attributes[Attr.logMessage])).sort();
}

describe('tailLogFiles', () => {
  it('follows a growing file through rotation and truncation, emitting each record once', async () => {
    const file = join(dir, 'nova-compute.log');
    await writeFile(file, line(0, 1, 'existing'));
    const spans: Span[] = [];
    const controller = new AbortController();
    const done = tailLogFiles([dir], consumerFrom((batch) => void spans.push(...batch)), { signal: controller.signal, pollMs: 10, quietMs: 30 });

    await until(() => spans.length === 1, 'the existing record');
    await appendFile(file, line(1, 1, 'appended to the same flow') + line(2, 2, 'half a line'.slice(0, 4)));
    await until(() => spans.length === 3, 'appended records');
    expect(messages(spans)).toEqual(['appended to the same flow', 'existing', 'half']);

    await appendFile(file, line(3, 3, 'before rotation'));
    await rename(file, join(dir, 'nova-compute.log.1'));
    await writeFile(file, line(4, 3, 'after rotation'));
    await writeFile(join(dir, 'nova-compute.log.2.gz'), gzipSync(line(0, 1, 'compressed history')));
    await until(() => spans.length === 5, 'records around the rotation');

    await truncate(file, 0);
    await new Promise((r) => setTimeout(r, 50));
    await appendFile(file, line(5, 4, 'after truncation'));
    await until(() => spans.length === 6, 'the record after truncation');

    controller.abort();
    const stats = await done;
    expect(messages(spans)).toEqual(['after rotation', 'after truncation', 'appended to the same flow', 'before rotation', 'existing', 'half']);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(6);
    expect(stats).toMatchObject({ records: 6, unknownLines: 0, rotations: 1, truncations: 1, spans: 6 });
  });

  it('waits for a partial last line and emits it at shutdown', async () => {
    const file = join(dir, 'nova-api.log');
    await writeFile(file, line(0, 9, 'complete') + line(1, 9, 'no newline yet').trimEnd());
    const spans: Span[] = [];
    const controller = new AbortController();
    const done = tailLogFiles([file], consumerFrom((batch) => void spans.push(...batch)), { signal: controller.signal, pollMs: 10, quietMs: 20 });
    await until(() => spans.length === 1, 'the complete line');
    controller.abort();
    await done;
    expect(messages(spans)).toEqual(['complete', 'no newline yet']);
  });

  it('reads only what is appended with fromEnd', async () => {
    const file = join(dir, 'nova-api.log');
    await writeFile(file, line(0, 5, 'old'));
    const spans: Span[] = [];
    const controller = new AbortController();
    let polls = 0;
    const done = tailLogFiles([file], consumerFrom((batch) => void spans.push(...batch)), { signal: controller.signal, pollMs: 10, quietMs: 20, fromEnd: true, onPoll: () => polls++ });
    await new Promise((r) => setTimeout(r, 60));
    await appendFile(file, line(1, 6, 'new'));
    await until(() => spans.length === 1, 'the appended record');
    controller.abort();
    await done;
    expect(messages(spans)).toEqual(['new']);
    expect(polls).toBeGreaterThan(0);
  });
});

describe('tailLogFiles memory', () => {
  it('forgets flows quiet for longer than forgetMs, and a later record of the same id starts afresh', async () => {
    const file = join(dir, 'nova-conductor.log');
    await writeFile(file, line(0, 1, 'first') + line(1, 2, 'other'));
    const spans: Span[] = [];
    const controller = new AbortController();
    const done = tailLogFiles([file], consumerFrom((batch) => void spans.push(...batch)), { signal: controller.signal, pollMs: 10, quietMs: 20, forgetMs: 50 });
    await until(() => spans.length === 2, 'both records');
    await new Promise((r) => setTimeout(r, 200));
    await appendFile(file, line(2, 1, 'much later, same request'));
    await until(() => spans.length === 3, 'the later record');
    controller.abort();
    await done;
    // The flow was forgotten, so the late record is a flow of its own (same key, same trace id).
    const late = spans.find((s) => s.attributes[Attr.logMessage] === 'much later, same request')!;
    const first = spans.find((s) => s.attributes[Attr.logMessage] === 'first')!;
    expect(late.traceId).toBe(first.traceId);
    expect(late.parentSpanId).toBe('');
  });
});
