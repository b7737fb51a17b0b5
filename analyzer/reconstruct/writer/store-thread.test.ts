import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Attr } from '../../../core/attributes.js';
import { attributeOf } from '../../../core/span.js';
import { decodeProtoRequest } from '../../../collector/otlp/decode-proto.js';
import { flowKeyFrom } from '../../../collector/processor/normalise.js';
import { captureSdkBody, makeSdkSpans } from '../../../collector/testing/otel.js';
import { SqliteFlowStore } from '../../store/sqlite/sqlite-store.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { StoreThread } from './store-thread.js';

const T0 = 1_764_000_000_000_000;

describe('StoreThread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-store-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits prepared protobuf spans that read back as the decoded spans, the bytes the sender sent, and their resources', async () => {
    const path = join(dir, 'bytes.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 6, extraAttributes: 4 }));
      const lazy = decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true });
      const eager = decodeProtoRequest(body, { keyOf: flowKeyFrom });
      const rows = reader.prepare({ spans: [{ flowId: 'f', spans: lazy }] });
      const bytes = rows.bodies.length;
      await writer.write(rows);
      expect(rows.bodies.length).toBe(0); // moved to the thread, not copied
      expect(bytes).toBeGreaterThan(0);
      const stored = reader.getSpans('f');
      expect(stored).toEqual([...eager].sort((a, b) => a.startUs - b.startUs));
      expect(attributeOf(stored[1]!, Attr.requestId)).toBe(eager.find((s) => s.spanId === stored[1]!.spanId)!.attributes[Attr.requestId]);
    } finally {
      reader.close();
      await writer.close();
    }
  });

  it('commits writes in order before resolving, readable at once through another connection, and prunes on its own connection', async () => {
    const path = join(dir, 'order.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const boot = scriptBoot(new SpanFactory(4), T0);
      const half = Math.floor(boot.spans.length / 2);
      const first = writer.write(reader.prepare({ spans: [{ flowId: 'first', spans: boot.spans.slice(0, half) }] }));
      const second = writer.write(reader.prepare({ merges: [{ from: 'first', into: boot.requestId }], spans: [{ flowId: boot.requestId, spans: boot.spans.slice(half) }] }));
      await first;
      await second;
      const stored = reader.getSpans(boot.requestId);
      expect(stored.map((s) => s.spanId).sort()).toEqual(boot.spans.map((s) => s.spanId).sort());
      expect(stored.find((s) => s.spanId === boot.spans[0]!.spanId)).toEqual(boot.spans[0]);
      const flow = { ...reader.getFlow(boot.requestId), id: boot.requestId };
      expect(flow.id).toBe(boot.requestId);
      const removed = await writer.prune({ maxSpans: 1 }, T0, undefined);
      expect(removed.flows).toBe(0); // spans without a flow record are not a flow retention can pick
    } finally {
      reader.close();
      await writer.close();
      await writer.close();
    }
  });

  it('refuses only the write the store refuses, applying none of it, when writes waiting together share a transaction', async () => {
    const path = join(dir, 'refused.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const boot = scriptBoot(new SpanFactory(5), T0);
      const [a, b, c] = [0, 1, 2].map((i) => reader.prepare({ spans: [{ flowId: `f${i}`, spans: [boot.spans[i]!] }] }));
      const broken = { ...b!, spans: b!.spans.map((rows) => ({ ...rows, flowId: null as unknown as string })) };
      const outcomes = await Promise.allSettled([writer.write(a!), writer.write(broken), writer.write(c!)]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(expect.objectContaining({ message: expect.stringMatching(/NOT NULL/) }));
      expect(['f0', 'f1', 'f2'].map((id) => reader.getSpans(id).length)).toEqual([1, 0, 1]);
      await writer.write(reader.prepare({ spans: [{ flowId: 'f1', spans: [boot.spans[1]!] }] }));
      expect(reader.getSpans('f1')).toHaveLength(1);
    } finally {
      reader.close();
      await writer.close();
    }
    await expect(writer.write(new SqliteFlowStore(':memory:').prepare({}))).rejects.toThrow(/store writer thread exited/);
  });

  it('commits many writes posted at once, each span once', async () => {
    const path = join(dir, 'many.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const boots = Array.from({ length: 40 }, (_, i) => scriptBoot(new SpanFactory(100 + i), T0 + i * 1000));
      await Promise.all(boots.flatMap((boot) => [boot, boot].map((again) => writer.write(reader.prepare({ spans: [{ flowId: again.requestId, spans: again.spans }] })))));
      expect(reader.stats().spans).toBe(boots.reduce((n, boot) => n + boot.spans.length, 0));
      expect(reader.getSpans(boots[7]!.requestId).map((s) => s.spanId).sort()).toEqual(boots[7]!.spans.map((s) => s.spanId).sort());
    } finally {
      reader.close();
      await writer.close();
    }
  });

  it('fails to open with the store’s own message when the file cannot be a flow database', async () => {
    await expect(StoreThread.open(join(dir, 'missing-dir', 'x.db'))).rejects.toThrow(/did not start: .*directory does not exist|unable to open/);
  });
});
