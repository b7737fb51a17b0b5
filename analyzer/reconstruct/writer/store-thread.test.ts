import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Attr } from '../../../core/attributes.js';
import { attributeOf } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import { decodeProtoRequest } from '../../../collector/otlp/decode-proto.js';
import { DecodedSpan } from '../../../collector/otlp/decoded-span.js';
import { rawSpanOf } from '../../../collector/otlp/raw-spans.js';
import { flowKeyFrom } from '../../../collector/processor/normalise.js';
import { captureSdkBody, makeSdkSpans } from '../../../collector/testing/otel.js';
import { SqliteFlowStore } from '../../store/sqlite/sqlite-store.js';
import { scriptBoot } from '../../testing/boot.js';
import { SpanFactory } from '../../testing/spans.js';
import { decodeBatch, encodeBatch } from './batch-codec.js';
import { StoreThread } from './store-thread.js';

const T0 = 1_764_000_000_000_000;

describe('StoreThread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoptrace-store-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('encodes a batch as JSON that decodes to equal plain spans, each resource sent once', () => {
    const boot = scriptBoot(new SpanFactory(3), T0);
    const encoded = encodeBatch({ spans: [{ flowId: boot.requestId, spans: boot.spans }], merges: [{ from: 'a', into: 'b' }] });
    const decoded = decodeBatch(encoded);
    expect(decoded.spans).toEqual([{ flowId: boot.requestId, spans: boot.spans }]);
    expect(decoded.merges).toEqual([{ from: 'a', into: 'b' }]);
    expect(encoded.bytes.length).toBe(0);
    expect((JSON.parse(encoded.meta) as { resources: unknown[] }).resources.length).toBe(new Set(boot.spans.map((s) => s.resource)).size);
  });

  it('sends lazily decoded protobuf spans as their Span messages without building their maps, and they decode to the same spans, bytes remembered', async () => {
    const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 6, extraAttributes: 4 }));
    const lazy = decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true });
    const eager = decodeProtoRequest(body, { keyOf: flowKeyFrom });
    const built = lazy[0]!.attributes;
    const encoded = encodeBatch({ spans: [{ flowId: 'f', spans: lazy }] });
    expect(lazy.slice(1).every((s) => DecodedSpan.sourceOf(s) !== undefined)).toBe(true);
    expect(encoded.bytes.length).toBeGreaterThan(0);
    const decoded = decodeBatch(encoded).spans![0]!.spans;
    expect(attributeOf(decoded[1]!, Attr.requestId)).toBe(eager[1]!.attributes[Attr.requestId]);
    expect(DecodedSpan.sourceOf(decoded[1]!)).toBeDefined(); // answered from the decoder's values, map still unbuilt
    expect(decoded).toEqual(eager);
    expect(decoded[0]!.attributes).toEqual(built);
    expect(rawSpanOf(decoded[0]!)).toBeUndefined();
    expect(decoded.slice(1).every((s) => rawSpanOf(s) !== undefined)).toBe(true);
  });

  it('commits writes in order before resolving, readable at once through another connection, and prunes on its own connection', async () => {
    const path = join(dir, 'order.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const boot = scriptBoot(new SpanFactory(4), T0);
      const half = Math.floor(boot.spans.length / 2);
      const first = writer.write({ spans: [{ flowId: 'first', spans: boot.spans.slice(0, half) }] });
      const second = writer.write({ merges: [{ from: 'first', into: boot.requestId }], spans: [{ flowId: boot.requestId, spans: boot.spans.slice(half) }] });
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

  it('rejects a write the store refuses, applying none of it, and keeps serving the next ones', async () => {
    const path = join(dir, 'refused.db');
    const writer = await StoreThread.open(path);
    const reader = new SqliteFlowStore(path, { checkpoint: 'auto' });
    try {
      const boot = scriptBoot(new SpanFactory(5), T0);
      const broken = { ...boot.spans[1]!, traceId: null } as unknown as Span;
      await expect(writer.write({ spans: [{ flowId: 'x', spans: [boot.spans[0]!, broken] }] })).rejects.toThrow(Error);
      expect(reader.getSpans('x')).toEqual([]);
      await writer.write({ spans: [{ flowId: 'x', spans: [boot.spans[0]!] }] });
      expect(reader.getSpans('x')).toHaveLength(1);
    } finally {
      reader.close();
      await writer.close();
    }
    await expect(writer.write({ spans: [] })).rejects.toThrow(/store writer thread exited/);
  });

  it('fails to open with the store’s own message when the file cannot be a flow database', async () => {
    await expect(StoreThread.open(join(dir, 'missing-dir', 'x.db'))).rejects.toThrow(/did not start: .*directory does not exist|unable to open/);
  });
});
