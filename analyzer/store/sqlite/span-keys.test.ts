import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../../core/span.js';
import type { Span } from '../../../core/span.js';
import { SpanFactory } from '../../testing/spans.js';
import { SCHEMA } from './schema.js';
import { SpanKeys, spanKeysOf } from './span-keys.js';

const TRACE = 'ab'.repeat(16);
const template = new SpanFactory(3).span({ service: 'nova-api', kind: SpanKind.SERVER, name: 'GET /', startUs: 1, durationUs: 1 });
const spanWithId = (spanId: string, traceId = TRACE): Span => ({ ...template, traceId, spanId, parentSpanId: '' });

/** Claims the keys of `spans` in `keys`; returns the spans that were new. */
function claim(keys: SpanKeys, spans: readonly Span[]): Span[] {
  return keys.claim(spanKeysOf(spans), 'f').map((k) => spans[k]!);
}

function keysOf(): SpanKeys {
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  return new SpanKeys(db);
}

describe('SpanKeys', () => {
  it('tells a stored span id from the same bytes straddling two stored ids', () => {
    const keys = keysOf();
    claim(keys, [spanWithId('0011223344556677'), spanWithId('8899aabbccddeeff')]);
    const straddling = spanWithId('445566778899aabb');
    expect(claim(keys, [straddling])).toEqual([straddling]);
    expect(claim(keys, [spanWithId('8899aabbccddeeff'), straddling])).toEqual([]);
  });

  it('claims a trace written in many parts once per span, other traces apart, and releases by key', () => {
    const keys = keysOf();
    const ids = Array.from({ length: 300 }, (_, i) => (i + 1).toString(16).padStart(16, '0'));
    for (let at = 0; at < ids.length; at += 10) {
      const part = ids.slice(at, at + 10).map((id) => spanWithId(id));
      expect(claim(keys, [...part, spanWithId(ids[0]!)])).toEqual(part);
    }
    expect(claim(keys, ids.map((id) => spanWithId(id)))).toEqual([]);
    const other = spanWithId(ids[5]!, 'cd'.repeat(16));
    expect(claim(keys, [other])).toEqual([other]);
    const released = spanKeysOf(claim(keys, [spanWithId('ffffffffffffffff')]));
    keys.release(released, 'f');
    expect(claim(keys, [spanWithId('ffffffffffffffff'), spanWithId(ids[7]!)]).map((s) => s.spanId)).toEqual(['ffffffffffffffff']);
  });
});
