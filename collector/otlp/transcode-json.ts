import type { Resource, Span } from '../../core/span.js';
import { OtlpDecodeError } from './decode-error.js';
import { decodeJsonRequest } from './decode-json.js';
import { writeAttributes } from './encode-proto-values.js';
import type { FlowKeyOf } from './flow-key.js';
import { NO_FLOW_KEY } from './flow-key.js';
import { arrayField, attributesOf, isObject, prefixed, stringField } from './json-values.js';
import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';
import type { ByteRange } from './raw-spans.js';
import { rememberRawSpan } from './raw-spans.js';
import { transcodeSpan } from './transcode-json-span.js';

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` for exporters that forward protobuf (Kafka
 * `otlp_proto`): one pass over the parsed JSON writes each span's protobuf bytes and returns
 * forward-only spans (as decodeProtoRequest's forwardOnly: ids, kind, times, the request-id
 * attributes, flow key; no name, attribute map, events or links), each remembering its bytes
 * (raw-spans.ts), so encodeProtoRequest copies them instead of re-encoding a Span.
 *
 * Contract, against decodeJsonRequest followed by encodeProtoRequest: the same spans in the
 * same order with the same ids, times and flow keys; the normaliser rejects the same ones; the
 * protobuf of a valid span decodes to the same Span. It throws the same OtlpDecodeError for the
 * same body, and one more: a non-hex link id on a span with valid ids (protobuf ids are bytes).
 *
 * Cost: JSON.parse plus one walk of the tree; no attribute maps. The bytes live in one buffer
 * per request, a sequence of length-delimited Resource, InstrumentationScope and Span bodies
 * (not itself a protobuf message), kept alive by the spans that point into it.
 */
export function transcodeJsonRequest(text: string, keyOf: FlowKeyOf = NO_FLOW_KEY): Span[] {
  try {
    return transcode(text, keyOf);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    // A body with several faults: the full decoder names the one it meets first. Bad bodies
    // are rare, so parsing twice on this path buys messages identical to decodeJsonRequest's.
    decodeJsonRequest(text, keyOf);
    throw error;
  }
}

/** Per span, where its bytes and its resource's and scope's are; `span.start < 0`: not written. */
interface Placed {
  readonly span: Span;
  readonly start: number;
  readonly end: number;
  readonly scope: ByteRange;
  readonly resource: ByteRange;
}

function transcode(text: string, keyOf: FlowKeyOf): Span[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError('', `body is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(root)) throw new OtlpDecodeError('', 'body must be a JSON object');
  // Protobuf is a little under half the size of OTLP JSON: one allocation, rarely grown.
  const w = new ProtoWriter(text.length >>> 1);
  const placed: Placed[] = [];
  const resourceSpans = arrayField(root, 'resourceSpans');
  for (let i = 0; i < resourceSpans.length; i++) {
    try {
      transcodeResourceSpans(w, resourceSpans[i], keyOf, placed);
    } catch (error) {
      throw prefixed(error, `resourceSpans[${i}]`);
    }
  }
  const body = w.detach();
  const spans = new Array<Span>(placed.length);
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    spans[i] = p.span;
    if (p.start >= 0) rememberRawSpan(p.span, { body, span: { start: p.start, end: p.end }, scope: p.scope, resource: p.resource });
  }
  return spans;
}

function transcodeResourceSpans(w: ProtoWriter, rs: unknown, keyOf: FlowKeyOf, out: Placed[]): void {
  if (!isObject(rs)) throw new OtlpDecodeError('', 'must be an object');
  const resource = readResource(rs.resource);
  w.fork();
  writeAttributes(w, 1, resource.attributes);
  const resourceStart = w.join();
  const resourceRange: ByteRange = { start: resourceStart, end: w.length };
  const scopeSpans = arrayField(rs, 'scopeSpans');
  for (let i = 0; i < scopeSpans.length; i++) {
    const ss = scopeSpans[i];
    try {
      if (!isObject(ss)) throw new OtlpDecodeError('', 'must be an object');
      const scopeName = isObject(ss.scope) ? stringField(ss.scope, 'name') : '';
      w.fork();
      if (scopeName !== '') {
        w.tag(1, WireType.LEN);
        w.string(scopeName);
      }
      const scopeStart = w.join();
      const scopeRange: ByteRange = { start: scopeStart, end: w.length };
      const spans = arrayField(ss, 'spans');
      for (let j = 0; j < spans.length; j++) {
        try {
          w.fork();
          const { span, written } = transcodeSpan(w, spans[j], resource, scopeName, keyOf);
          const start = w.join();
          out.push({ span, start: written ? start : -1, end: w.length, scope: scopeRange, resource: resourceRange });
        } catch (error) {
          throw prefixed(error, `spans[${j}]`);
        }
      }
    } catch (error) {
      throw prefixed(error, `scopeSpans[${i}]`);
    }
  }
}

/** As decodeJsonRequest reads it: one object shared by the spans of this ResourceSpans. */
function readResource(value: unknown): Resource {
  if (value === undefined || value === null) return { serviceName: 'unknown_service', attributes: {} };
  if (!isObject(value)) throw new OtlpDecodeError('resource', 'must be an object');
  let attributes;
  try {
    attributes = attributesOf(arrayField(value, 'attributes'));
  } catch (error) {
    throw prefixed(error, 'resource.attributes');
  }
  const name = attributes['service.name'];
  return { serviceName: typeof name === 'string' && name !== '' ? name : 'unknown_service', attributes };
}
