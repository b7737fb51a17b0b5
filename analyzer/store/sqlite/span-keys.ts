/**
 * Idempotency: a span is stored once per (trace id, span id), whatever its flow. Each trace that
 * has stored spans has one `traces` row, keyed by the trace id's 16 bytes and holding the 8-byte
 * ids of its stored spans, concatenated (WITHOUT ROWID). A write claims a new trace's spans with
 * one insert, and one random B-tree page per trace, not per span; the first flow to store spans
 * of a trace becomes the flow its id resolves to, until a flow record says otherwise
 * (flow-records.ts). Each `span_batches` row keeps the keys it added in its `span_keys` column
 * (SPAN_KEY_BYTES each), from which deleting a flow releases them.
 */
import type Database from 'better-sqlite3';
import type { Span } from '../../../core/span.js';
import { SPAN_KEY_BYTES, TRACE_ID_BYTES } from './schema.js';

/** Bytes of a span id, the second part of a span key, and of each id in `traces.span_ids`. */
const SPAN_ID_BYTES = SPAN_KEY_BYTES - TRACE_ID_BYTES;

/** The keys of `spans`: trace id then span id, as bytes. */
export function spanKeysOf(spans: readonly Span[]): Buffer {
  const keys = Buffer.allocUnsafe(spans.length * SPAN_KEY_BYTES);
  writeSpanKeys(spans, keys, 0);
  return keys;
}

/** Writes the keys of `spans` into `into` from byte `at` on (SPAN_KEY_BYTES each). */
export function writeSpanKeys(spans: readonly Span[], into: Buffer, at: number): void {
  for (const span of spans) {
    if (into.write(span.traceId, at, TRACE_ID_BYTES, 'hex') !== TRACE_ID_BYTES || into.write(span.spanId, at + TRACE_ID_BYTES, SPAN_ID_BYTES, 'hex') !== SPAN_ID_BYTES) {
      throw new TypeError(`span ${JSON.stringify(span.spanId)} of trace ${JSON.stringify(span.traceId)} has no valid ids`);
    }
    at += SPAN_KEY_BYTES;
  }
}

/** The span id of key `k` of `keys`, as hex (a set member). */
function spanIdHex(keys: Buffer, k: number): string {
  return keys.toString('hex', k * SPAN_KEY_BYTES + TRACE_ID_BYTES, (k + 1) * SPAN_KEY_BYTES);
}

/** The trace id bytes of key `k` of `keys` (a view, not a copy). */
function traceOf(keys: Buffer, k: number): Buffer {
  return keys.subarray(k * SPAN_KEY_BYTES, k * SPAN_KEY_BYTES + TRACE_ID_BYTES);
}

/** Whether `spanIds` (a `traces.span_ids` value) holds the span id of key `k` of `keys`. */
function holdsSpanId(spanIds: Buffer, keys: Buffer, k: number): boolean {
  const id = keys.subarray(k * SPAN_KEY_BYTES + TRACE_ID_BYTES, (k + 1) * SPAN_KEY_BYTES);
  for (let at = spanIds.indexOf(id); at >= 0; at = spanIds.indexOf(id, at + 1)) if (at % SPAN_ID_BYTES === 0) return true;
  return false;
}

/** The span ids of the keys `indexes` of `keys`, concatenated. */
function spanIdsOf(keys: Buffer, indexes: readonly number[]): Buffer {
  const ids = Buffer.allocUnsafe(indexes.length * SPAN_ID_BYTES);
  indexes.forEach((k, i) => keys.copy(ids, i * SPAN_ID_BYTES, k * SPAN_KEY_BYTES + TRACE_ID_BYTES, (k + 1) * SPAN_KEY_BYTES));
  return ids;
}

/** The key indexes of `keys` grouped by trace id, each group in key order (one group when all share a trace, the usual case). */
function byTrace(keys: Buffer): number[][] {
  const count = keys.length / SPAN_KEY_BYTES;
  const all = Array.from({ length: count }, (_, k) => k);
  const first = traceOf(keys, 0);
  if (all.every((k) => traceOf(keys, k).equals(first))) return [all];
  const groups = new Map<string, number[]>();
  for (const k of all) {
    const trace = keys.toString('hex', k * SPAN_KEY_BYTES, k * SPAN_KEY_BYTES + TRACE_ID_BYTES);
    const group = groups.get(trace);
    if (group === undefined) groups.set(trace, [k]);
    else group.push(k);
  }
  return [...groups.values()];
}

/** `indexes` without a key whose span id an earlier one has. */
function firstOfEachSpan(keys: Buffer, indexes: readonly number[]): number[] {
  const seen = new Set<string>();
  return indexes.filter((k) => {
    const id = spanIdHex(keys, k);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A `traces` row's span ids and the flow its id resolves to. */
type TraceRow = [spanIds: Buffer, flowId: string | null];

export class SpanKeys {
  readonly #insert: Database.Statement;
  readonly #row: Database.Statement;
  readonly #update: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #move: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO traces (trace_id, flow_id, span_ids) VALUES (?, ?, ?)');
    this.#row = db.prepare('SELECT span_ids, flow_id FROM traces WHERE trace_id = ?').raw();
    this.#update = db.prepare('UPDATE traces SET span_ids = ?, flow_id = ? WHERE trace_id = ?');
    this.#delete = db.prepare('DELETE FROM traces WHERE trace_id = ?');
    this.#move = db.prepare('UPDATE traces SET flow_id = ? WHERE trace_id = ? AND flow_id = ?');
  }

  /**
   * Claims every key of `keys` (SPAN_KEY_BYTES each, inside the caller's transaction) for flow
   * `flowId` and returns the indexes of those that were new, ascending: a key stored before, or
   * earlier in `keys`, is left out. A trace no flow resolves from yet now resolves to `flowId`.
   */
  claim(keys: Buffer, flowId: string): number[] {
    if (keys.length === 0) return [];
    const fresh: number[] = [];
    for (const group of byTrace(keys)) fresh.push(...this.#claimTrace(keys, firstOfEachSpan(keys, group), flowId));
    return fresh.sort((a, b) => a - b);
  }

  /**
   * Claims the keys `indexes` of one trace, each span once; returns those that were new. A trace
   * seen before has its row read and rewritten whole: linear in the trace's stored spans.
   */
  #claimTrace(keys: Buffer, indexes: readonly number[], flowId: string): readonly number[] {
    const trace = traceOf(keys, indexes[0]!);
    if (this.#insert.run(trace, flowId, spanIdsOf(keys, indexes)).changes === 1) return indexes;
    const [stored, owner] = this.#row.get(trace) as TraceRow;
    const fresh = indexes.filter((k) => !holdsSpanId(stored, keys, k));
    if (fresh.length > 0 || owner === null) this.#update.run(Buffer.concat([stored, spanIdsOf(keys, fresh)]), owner ?? flowId, trace);
    return fresh;
  }

  /**
   * Releases the keys in `keys` (SPAN_KEY_BYTES each, as a batch row holds them), stored by flow
   * `flowId`, which is being deleted: those spans may be stored again, and a trace that resolved
   * to `flowId` resolves to no flow. A trace row left without spans or flow is deleted.
   */
  release(keys: Buffer, flowId: string): void {
    if (keys.length === 0) return;
    for (const group of byTrace(keys)) {
      const trace = traceOf(keys, group[0]!);
      const row = this.#row.get(trace) as TraceRow | undefined;
      if (row === undefined) continue;
      const [stored, owner] = row;
      const released = new Set(group.map((k) => spanIdHex(keys, k)));
      const kept: Buffer[] = [];
      for (let at = 0; at < stored.length; at += SPAN_ID_BYTES) {
        if (!released.has(stored.toString('hex', at, at + SPAN_ID_BYTES))) kept.push(stored.subarray(at, at + SPAN_ID_BYTES));
      }
      const resolvesTo = owner === flowId ? null : owner;
      if (kept.length === 0 && resolvesTo === null) this.#delete.run(trace);
      else this.#update.run(Buffer.concat(kept), resolvesTo, trace);
    }
  }

  /** The traces of `keys` that resolve to flow `from` resolve to `into` instead. */
  moveTraces(keys: Buffer, from: string, into: string): void {
    if (keys.length === 0) return;
    for (const group of byTrace(keys)) this.#move.run(into, traceOf(keys, group[0]!), from);
  }
}
