/**
 * A write batch as the rows it writes (schema.ts): span record bodies, span keys, flow JSON and
 * the names searches filter on, computed without touching the file, so that the write
 * transaction only runs statements (write.ts). SqliteFlowStore.write prepares and writes on one
 * thread; with the store's writer thread, the thread that assembles flows prepares and the writer
 * writes (reconstruct/writer/store-thread.ts).
 *
 * BatchRows is plain data whose bytes sit in two ArrayBuffers of their own (`keys`, `bodies`), so
 * posting it to a thread moves them instead of copying them.
 */
import { Attr } from '../../../core/attributes.js';
import type { Flow } from '../../../core/flow.js';
import { attributeOf } from '../../../core/span.js';
import type { Resource, Span } from '../../../core/span.js';
import type { ProtoWriter } from '../../../collector/otlp/proto-writer.js';
import type { FlowMerge, WriteBatch } from '../contracts.js';
import { spanKindName } from '../span-kind-name.js';
import type { ResourceRow, ResourceTable } from './resources.js';
import { SPAN_KEY_BYTES } from './schema.js';
import { writeSpanKeys } from './span-keys.js';
import { writeSpanRecords } from './span-records.js';

/** One flow's spans in a batch: `count` keys from `keysAt` in `BatchRows.keys`, their records `bodies[bodyAt, bodyEnd)`. */
export interface SpanRows {
  readonly flowId: string;
  readonly count: number;
  readonly keysAt: number;
  readonly bodyAt: number;
  readonly bodyEnd: number;
  /** The instance uuid of each span naming one, with the span's index. */
  readonly instances: readonly (readonly [span: number, uuid: string])[];
}

/** A flow record as its row and the rows resolving to it (flow-records.ts). */
export type FlowRow = Pick<Flow, 'id' | 'operation' | 'status' | 'startUs' | 'endUs' | 'spanCount' | 'traceIds'> & {
  /** Its graph's nodes. */
  readonly services: readonly string[];
  /** Its request ids besides its own id (Flow's aliases include it). */
  readonly aliases: readonly string[];
  /** The flow, as `GET /api/flows/{id}` answers it. */
  readonly json: string;
};

export interface BatchRows {
  /** Applied first. */
  readonly merges: readonly FlowMerge[];
  /** Every resource the spans name (inserted where not stored yet). */
  readonly resources: readonly ResourceRow[];
  /** Every (service, span name, span kind) the spans name. */
  readonly operations: readonly (readonly [service: string, name: string, kind: string])[];
  readonly spans: readonly SpanRows[];
  /** Span keys, SPAN_KEY_BYTES each, flow after flow. */
  readonly keys: Uint8Array;
  /** SpanRecords messages (span-records.ts), flow after flow. */
  readonly bodies: Uint8Array;
  readonly flows: readonly FlowRow[];
}

export interface PrepareContext {
  readonly writer: ProtoWriter;
  readonly resources: ResourceTable;
}

/** The rows of `batch`. Throws on a span without valid ids (the Span model's invariant). */
export function prepareBatch(ctx: PrepareContext, batch: WriteBatch): BatchRows {
  const { writer, resources } = ctx;
  const given = (batch.spans ?? []).filter((s) => s.spans.length > 0);
  const keys = Buffer.from(new ArrayBuffer(given.reduce((n, s) => n + s.spans.length, 0) * SPAN_KEY_BYTES));
  const resourceIds = new Set<number>();
  const operations = new Operations();
  const idOf = (resource: Resource): number => {
    const id = resources.idOf(resource);
    resourceIds.add(id);
    return id;
  };
  writer.reset();
  let keysAt = 0;
  const spans = given.map(({ flowId, spans: flowSpans }): SpanRows => {
    const bodyAt = writer.length;
    writeSpanRecords(writer, flowSpans, idOf);
    writeSpanKeys(flowSpans, keys, keysAt);
    const instances: [number, string][] = [];
    flowSpans.forEach((span, i) => {
      const instance = attributeOf(span, Attr.instanceUuid);
      if (typeof instance === 'string') instances.push([i, instance]);
      operations.add(span);
    });
    const rows = { flowId, count: flowSpans.length, keysAt, bodyAt, bodyEnd: writer.length, instances };
    keysAt += flowSpans.length * SPAN_KEY_BYTES;
    return rows;
  });
  return {
    merges: batch.merges ?? [],
    resources: [...resourceIds].map((id) => resources.row(id)),
    operations: operations.list,
    spans,
    keys,
    bodies: writer.finishOwned(),
    flows: (batch.flows ?? []).map(flowRow),
  };
}

/** The distinct (service, span name, span kind) of a batch's spans, found without building a key per span. */
class Operations {
  readonly list: [service: string, name: string, kind: string][] = [];
  /** Span kinds seen (a bit per kind) by service and span name. */
  readonly #kinds = new Map<string, Map<string, number>>();

  add(span: Span): void {
    const service = span.resource.serviceName;
    let names = this.#kinds.get(service);
    if (names === undefined) this.#kinds.set(service, (names = new Map()));
    const seen = names.get(span.name) ?? 0;
    const bit = 1 << span.kind;
    if ((seen & bit) !== 0) return;
    names.set(span.name, seen | bit);
    this.list.push([service, span.name, spanKindName(span.kind)]);
  }
}

function flowRow(flow: Flow): FlowRow {
  return {
    id: flow.id,
    operation: flow.operation,
    status: flow.status,
    startUs: flow.startUs,
    endUs: flow.endUs,
    spanCount: flow.spanCount,
    services: flow.graph.nodes,
    aliases: flow.aliases.filter((alias) => alias !== flow.id),
    traceIds: flow.traceIds,
    json: JSON.stringify(flow),
  };
}
