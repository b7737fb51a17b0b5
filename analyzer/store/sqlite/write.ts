/** One write batch, applied inside the caller's transaction. */
import { Attr } from '../../../core/attributes.js';
import type { Span } from '../../../core/span.js';
import type { WriteBatch } from '../contracts.js';
import type { ResourceTable } from './resources.js';
import { spanKindName } from '../span-kind-name.js';
import type { SqliteStatements } from './statements.js';

/** A span's stored JSON: everything but its resource (stored once in `resources`). */
export function spanJson(span: Span): string {
  return JSON.stringify({
    traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, name: span.name, kind: span.kind,
    startUs: span.startUs, endUs: span.endUs, statusCode: span.statusCode, statusMessage: span.statusMessage,
    attributes: span.attributes, events: span.events, links: span.links, scopeName: span.scopeName, flowKey: span.flowKey,
  });
}

/** Applies merges, then spans (flow by flow), then flow records; returns the spans inserted. */
export function writeBatch(sql: SqliteStatements, resources: ResourceTable, batch: WriteBatch): number {
  for (const { from, into } of batch.merges ?? []) sql.moveFlow(from, into);
  let inserted = 0;
  const operations = new Set<string>();
  for (const { flowId, spans } of batch.spans ?? []) {
    for (const span of spans) {
      const changes = sql.insertSpan.run(span.traceId, span.spanId, flowId, span.startUs, resources.idOf(span.resource), spanJson(span)).changes;
      if (changes === 0) continue;
      inserted++;
      const instance = span.attributes[Attr.instanceUuid];
      if (typeof instance === 'string') sql.insertInstance.run(instance, flowId);
      const kind = spanKindName(span.kind);
      const key = `${span.resource.serviceName}\u0000${span.name}\u0000${kind}`;
      if (operations.has(key)) continue;
      operations.add(key);
      sql.insertOperation.run(span.resource.serviceName, span.name, kind);
    }
  }
  for (const flow of batch.flows ?? []) {
    sql.upsertFlow.run(flow.id, flow.operation, flow.status, flow.startUs, flow.endUs, flow.spanCount, JSON.stringify(flow));
    sql.upsertAlias.run(flow.id, flow.id);
    for (const alias of flow.aliases) sql.upsertAlias.run(alias, flow.id);
    flow.traceIds.forEach((traceId, i) => (i === 0 ? sql.upsertTrace : sql.claimTrace).run(traceId, flow.id));
    sql.deleteServices.run(flow.id);
    for (const service of flow.graph.nodes) sql.insertService.run(flow.id, service, flow.startUs);
  }
  return inserted;
}
