import type { Resource, Span } from '../../core/span.js';
import { attributesFrom, newAttributeList, readKeyValue } from './decode-proto-attributes.js';
import { readLazySpan, readSpan } from './decode-proto-span.js';
import type { FlowKeyOf } from './flow-key.js';
import type { ByteRange } from './raw-spans.js';
import { rememberRawSpan } from './raw-spans.js';
import { NO_FLOW_KEY } from './flow-key.js';
import { readForwardSpan } from './decode-proto-forward.js';
import type { SpanReader } from './decode-proto-forward.js';
import { ProtoReader, WireType } from './proto-reader.js';

export interface ProtoDecodeOptions {
  /** Sets each span's flowKey while it is built; '' when absent. */
  readonly keyOf?: FlowKeyOf;
  /** Each span remembers its bytes (raw-spans.ts), so that re-encoding copies them. */
  readonly keepRaw?: boolean;
  /**
   * Reads only what a collector that forwards the bytes needs — ids, times and the request-id
   * attributes (for the flow key) — and keeps the raw bytes. The spans' other fields are left
   * empty, so such spans must never leave the collector except as their raw bytes: use it only
   * when every exporter forwards protobuf bytes.
   */
  readonly forwardOnly?: boolean;
  /**
   * Spans are DecodedSpans whose attribute map is built on first read (checked now all the same);
   * `keyOf` then sees only the request-id attributes. For consumers that read few spans' attributes.
   */
  readonly lazyAttributes?: boolean;
}

/**
 * Decodes a protobuf `ExportTraceServiceRequest` (opentelemetry/proto/collector/trace/v1) into
 * Spans, by hand: one pass, no intermediate message objects, unknown fields skipped.
 *
 * Contract: returns every span in the body, in body order, with `flowKey` set by `options.keyOf`
 * ('' by default; the receiver passes the normaliser's flowKeyFrom, sparing a copy) — ids are the hex of
 * whatever bytes were sent (validation is the normaliser's job). Throws OtlpDecodeError when the
 * bytes are not a well-formed message. Not kept: trace_state, flags, dropped_* counts, schema
 * URLs, the scope's version and attributes; `bytes_value` attributes become base64 strings.
 */
export function decodeProtoRequest(body: Uint8Array, options: ProtoDecodeOptions = {}): Span[] {
  const keyOf = options.keyOf ?? NO_FLOW_KEY;
  const readOne: SpanReader = options.forwardOnly === true ? readForwardSpan : options.lazyAttributes === true ? readLazySpan : readSpan;
  const keepRaw = options.keepRaw === true || options.forwardOnly === true;
  const r = new ProtoReader(body);
  const spans: Span[] = [];
  while (r.pos < body.length) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(WireType.LEN, tag & 7, 'resource_spans');
      readResourceSpans(r, r.lengthEnd(), spans, { keyOf, readOne, keepRaw });
    } else r.skip(tag & 7);
  }
  return spans;
}

const EMPTY_RESOURCE: Resource = Object.freeze({ serviceName: 'unknown_service', attributes: Object.freeze({}) });

interface Plan {
  readonly keyOf: FlowKeyOf;
  readonly readOne: SpanReader;
  readonly keepRaw: boolean;
}

function readResourceSpans(r: ProtoReader, end: number, out: Span[], plan: Plan): void {
  let resource = EMPTY_RESOURCE;
  let resourceRange: ByteRange = NO_RANGE;
  // The resource may follow the scope spans on the wire; remember where they are and read them last.
  const scopes: number[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(WireType.LEN, tag & 7, 'resource');
      const resourceEnd = r.lengthEnd();
      resourceRange = { start: r.pos, end: resourceEnd };
      resource = readResource(r, resourceEnd);
    } else if (field === 2) {
      r.expect(WireType.LEN, tag & 7, 'scope_spans');
      const scopeEnd = r.lengthEnd();
      scopes.push(r.pos, scopeEnd);
      r.pos = scopeEnd;
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  for (let i = 0; i < scopes.length; i += 2) {
    r.pos = scopes[i]!;
    const before = out.length;
    const scopeRange = readScopeSpans(r, scopes[i + 1]!, resource, out, plan);
    if (plan.keepRaw) {
      for (let k = before; k < out.length; k++) {
        const span = out[k]!;
        rememberRawSpan(span, { body: r.buf, span: spanRanges[k - before]!, scope: scopeRange, resource: resourceRange });
      }
    }
  }
  r.pos = end;
}

function readResource(r: ProtoReader, end: number): Resource {
  const list = newAttributeList();
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(WireType.LEN, tag & 7, 'resource.attributes');
      readKeyValue(r, r.lengthEnd(), list, 0);
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  const attributes = attributesFrom(list);
  const name = attributes['service.name'];
  return { serviceName: typeof name === 'string' && name !== '' ? name : 'unknown_service', attributes };
}

/** Reads one ScopeSpans; returns the range of its scope message and leaves span ranges in spanRanges. */
function readScopeSpans(r: ProtoReader, end: number, resource: Resource, out: Span[], plan: Plan): ByteRange {
  let scopeName = '';
  let scopeRange: ByteRange = NO_RANGE;
  const ranges: number[] = [];
  spanRanges.length = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(WireType.LEN, tag & 7, 'scope');
      const scopeEnd = r.lengthEnd();
      scopeRange = { start: r.pos, end: scopeEnd };
      scopeName = readScopeName(r, scopeEnd);
    } else if (field === 2) {
      r.expect(WireType.LEN, tag & 7, 'spans');
      const spanEnd = r.lengthEnd();
      ranges.push(r.pos, spanEnd);
      r.pos = spanEnd;
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  for (let i = 0; i < ranges.length; i += 2) {
    r.pos = ranges[i]!;
    out.push(plan.readOne(r, ranges[i + 1]!, resource, scopeName, plan.keyOf));
    spanRanges.push({ start: ranges[i]!, end: ranges[i + 1]! });
  }
  r.pos = end;
  return scopeRange;
}

const NO_RANGE: ByteRange = Object.freeze({ start: 0, end: 0 });
/** The span ranges of the ScopeSpans read last (decoding is synchronous, so one array serves all). */
const spanRanges: ByteRange[] = [];

function readScopeName(r: ProtoReader, end: number): string {
  let name = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(WireType.LEN, tag & 7, 'scope.name');
      name = r.string();
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  return name;
}
