/**
 * The idempotency table: a span is stored once per (trace id, span id), whatever its flow. Its
 * key is the 24 bytes of both ids in `span_keys` (WITHOUT ROWID: the spans of one trace share a
 * B-tree page, so a write dirties about one page per trace, not per span). Each `span_batches`
 * row keeps the keys it added in its `span_keys` column, from which deleting a flow deletes them.
 */
import type Database from 'better-sqlite3';
import type { Span } from '../../../core/span.js';
import { SPAN_KEY_BYTES } from './schema.js';

/** The spans of one flow that were new, and their keys (SPAN_KEY_BYTES each, in span order). */
export interface ClaimedSpans {
  readonly spans: readonly Span[];
  readonly keys: Buffer;
}

/** The keys of `spans`: trace id then span id, as bytes. */
export function spanKeysOf(spans: readonly Span[]): Buffer {
  const keys = Buffer.allocUnsafe(spans.length * SPAN_KEY_BYTES);
  let at = 0;
  for (const span of spans) {
    keys.write(span.traceId, at, 16, 'hex');
    keys.write(span.spanId, at + 16, 8, 'hex');
    at += SPAN_KEY_BYTES;
  }
  return keys;
}

export class SpanKeys {
  readonly #insert: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO span_keys (id) VALUES (?)');
  }

  /**
   * Claims the key of every span (inside the caller's transaction) and returns the spans whose
   * key was new: a span stored before, or earlier in `spans`, is left out. One insert per span
   * (measured cheaper than one statement expanding a blob of keys in SQL).
   */
  claim(spans: readonly Span[]): ClaimedSpans {
    const keys = spanKeysOf(spans);
    let fresh: Span[] | undefined;
    for (let i = 0; i < spans.length; i++) {
      const isNew = this.#insert.run(keys.subarray(i * SPAN_KEY_BYTES, (i + 1) * SPAN_KEY_BYTES)).changes === 1;
      if (fresh === undefined && !isNew) fresh = spans.slice(0, i);
      else if (fresh !== undefined && isNew) fresh.push(spans[i]!);
    }
    return fresh === undefined ? { spans, keys } : { spans: fresh, keys: spanKeysOf(fresh) };
  }
}

/** Deletes the keys of every row of a flow (the one parameter). Run before deleting the rows. */
export const DELETE_KEYS_OF_FLOW = `WITH RECURSIVE k(keys, at) AS (
  SELECT span_keys, 1 FROM span_batches WHERE flow_id = ? AND length(span_keys) >= ${SPAN_KEY_BYTES}
  UNION ALL SELECT keys, at + ${SPAN_KEY_BYTES} FROM k WHERE at + ${2 * SPAN_KEY_BYTES - 1} <= length(keys)
) DELETE FROM span_keys WHERE id IN (SELECT substr(keys, at, ${SPAN_KEY_BYTES}) FROM k)`;
