/** Writes prepared batches (batch-rows.ts), inside the caller's transaction: statements only. */
import type { BatchRows } from './batch-rows.js';
import type { ResourceTable } from './resources.js';
import { SPAN_KEY_BYTES } from './schema.js';
import { pickSpanRecords } from './span-records.js';
import type { SqliteStatements } from './statements.js';

/** What a write did besides its rows, for its connection to remember once it is committed. */
export interface RowsWritten {
  /** Operation keys (`service\0name\0kind`) inserted. */
  readonly operations: readonly string[];
  /** Resource ids inserted. */
  readonly resources: readonly number[];
}

export interface WriteContext {
  readonly sql: SqliteStatements;
  readonly resources: ResourceTable;
  /** Operation keys known to be stored already (committed by this connection). */
  readonly knownOperations: ReadonlySet<string>;
}

/** A view of `bytes` as a Buffer (rows posted to a thread arrive as plain Uint8Arrays). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Writes each batch in order: its merges, then resources and operations, then each flow's new
 * spans as one row (a span whose key is stored already is left out), then flow records.
 */
export function writeRows(ctx: WriteContext, batches: readonly BatchRows[]): RowsWritten {
  const operations = new Set<string>();
  const resources: number[] = [];
  for (const rows of batches) {
    for (const { from, into } of rows.merges) ctx.sql.moveFlow(from, into);
    resources.push(...ctx.resources.insert(rows.resources));
    for (const [service, name, kind] of rows.operations) {
      const key = `${service}\u0000${name}\u0000${kind}`;
      if (ctx.knownOperations.has(key) || operations.has(key)) continue;
      operations.add(key);
      ctx.sql.insertOperation.run(service, name, kind);
    }
    writeSpans(ctx.sql, rows);
    for (const flow of rows.flows) ctx.sql.records.upsert(flow);
  }
  return { operations: [...operations], resources };
}

function writeSpans(sql: SqliteStatements, rows: BatchRows): void {
  const allKeys = asBuffer(rows.keys);
  const bodies = asBuffer(rows.bodies);
  let stored = 0;
  for (const { flowId, count, keysAt, bodyAt, bodyEnd, instances } of rows.spans) {
    let keys = allKeys.subarray(keysAt, keysAt + count * SPAN_KEY_BYTES);
    let body = bodies.subarray(bodyAt, bodyEnd);
    const fresh = sql.keys.claim(keys, flowId);
    if (fresh.length === 0) continue;
    if (fresh.length < count) {
      keys = Buffer.concat(fresh.map((k) => keys.subarray(k * SPAN_KEY_BYTES, (k + 1) * SPAN_KEY_BYTES)));
      body = pickSpanRecords(body, fresh);
    }
    sql.insertBatch.run(flowId, fresh.length, keys, body);
    stored += fresh.length;
    const named = new Set<string>();
    for (const [span, uuid] of instances) {
      if (named.has(uuid) || (fresh.length < count && !fresh.includes(span))) continue;
      named.add(uuid);
      sql.insertInstance.run(uuid, flowId);
    }
  }
  if (stored > 0) sql.addSpans.run(stored);
}
