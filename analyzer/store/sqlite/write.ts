/** One write batch, applied inside the caller's transaction. */
import { Attr } from '../../../core/attributes.js';
import { attributeOf } from '../../../core/span.js';
import type { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import type { WriteBatch } from '../contracts.js';
import { spanKindName } from '../span-kind-name.js';
import type { ResourceTable } from './resources.js';
import { encodeSpanRecords } from './span-records.js';
import type { SqliteStatements } from './statements.js';

/** What the batch wrote besides its rows. */
export interface BatchWritten {
  readonly spans: number;
  /** Operation keys (`service\0name\0kind`) inserted; the caller remembers them once committed. */
  readonly operations: readonly string[];
}

export interface WriteContext {
  readonly sql: SqliteStatements;
  readonly resources: ResourceTable;
  readonly writer: ProtoWriter;
  /** Operation keys known to be stored already (committed by this connection). */
  readonly knownOperations: ReadonlySet<string>;
}

/**
 * Applies merges, then spans (each flow's new spans as one row), then flow records. Instance and
 * operation rows are inserted once per batch, whatever the number of spans naming them.
 */
export function writeBatch(ctx: WriteContext, batch: WriteBatch): BatchWritten {
  const { sql, resources } = ctx;
  for (const { from, into } of batch.merges ?? []) sql.moveFlow(from, into);
  const idOf = resources.idOf.bind(resources);
  const instances = new Set<string>();
  const operations = new Set<string>();
  let spans = 0;
  for (const { flowId, spans: given } of batch.spans ?? []) {
    const { spans: fresh, keys } = sql.keys.claim(given);
    if (fresh.length === 0) continue;
    sql.insertBatch.run(flowId, fresh.length, keys, encodeSpanRecords(ctx.writer, fresh, idOf));
    spans += fresh.length;
    for (const span of fresh) {
      const instance = attributeOf(span, Attr.instanceUuid);
      if (typeof instance === 'string' && !instances.has(`${instance}\u0000${flowId}`)) {
        instances.add(`${instance}\u0000${flowId}`);
        sql.insertInstance.run(instance, flowId);
      }
      const kind = spanKindName(span.kind);
      const operation = `${span.resource.serviceName}\u0000${span.name}\u0000${kind}`;
      if (ctx.knownOperations.has(operation) || operations.has(operation)) continue;
      operations.add(operation);
      sql.insertOperation.run(span.resource.serviceName, span.name, kind);
    }
  }
  if (spans > 0) sql.addSpans.run(spans);
  for (const flow of batch.flows ?? []) sql.records.upsert(flow);
  return { spans, operations: [...operations] };
}
