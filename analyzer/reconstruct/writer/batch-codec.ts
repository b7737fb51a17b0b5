/**
 * A write batch as one JSON string, for the hand-off to the store's writer thread. Posting Span
 * objects would structured-clone them: slower than one JSON.stringify, and a span whose fields
 * are prototype getters (collector/otlp/decoded-span.ts keeps `attributes` lazy) would arrive
 * without them. Each span becomes a fixed-order tuple, its resource an index into the batch's
 * resource list (a process's resource object is shared by all its spans: sent once per batch).
 */
import type { Resource, Span } from '../../../core/span.js';
import type { WriteBatch } from '../../store/contracts.js';

type SpanTuple = [
  traceId: string, spanId: string, parentSpanId: string, name: string, kind: Span['kind'], startUs: number, endUs: number,
  statusCode: Span['statusCode'], statusMessage: string, attributes: Span['attributes'], events: Span['events'], links: Span['links'],
  resource: number, scopeName: string, flowKey: string,
];

interface EncodedBatch {
  readonly merges: WriteBatch['merges'];
  readonly resources: readonly Resource[];
  readonly spans: readonly (readonly [flowId: string, spans: readonly SpanTuple[]])[];
  readonly flows: WriteBatch['flows'];
}

/** The batch as JSON text; `decodeBatch` gives back an equal batch of plain spans. */
export function encodeBatch(batch: WriteBatch): string {
  const resources: Resource[] = [];
  const indexOf = new Map<Resource, number>();
  const resourceIndex = (resource: Resource): number => {
    let index = indexOf.get(resource);
    if (index === undefined) {
      index = resources.push(resource) - 1;
      indexOf.set(resource, index);
    }
    return index;
  };
  const spans = (batch.spans ?? []).map(({ flowId, spans }) => [flowId, spans.map((s): SpanTuple => [
    s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startUs, s.endUs, s.statusCode, s.statusMessage, s.attributes, s.events, s.links,
    resourceIndex(s.resource), s.scopeName, s.flowKey,
  ])] as const);
  const encoded: EncodedBatch = { merges: batch.merges ?? [], resources, spans, flows: batch.flows ?? [] };
  return JSON.stringify(encoded);
}

export function decodeBatch(text: string): WriteBatch {
  const encoded = JSON.parse(text) as EncodedBatch;
  return {
    merges: encoded.merges,
    flows: encoded.flows,
    spans: encoded.spans.map(([flowId, tuples]) => ({
      flowId,
      spans: tuples.map(([traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, attributes, events, links, resource, scopeName, flowKey]): Span => ({
        traceId, spanId, parentSpanId, name, kind, startUs, endUs, statusCode, statusMessage, attributes, events, links, resource: encoded.resources[resource]!, scopeName, flowKey,
      })),
    })),
  };
}
