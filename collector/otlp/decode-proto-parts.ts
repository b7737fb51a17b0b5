import type { SpanEvent, SpanLink } from '../../core/span.js';
import { attributesFrom, newAttributeList, readKeyValue } from './decode-proto-attributes.js';
import { bytesToHex } from './hex.js';
import type { ProtoReader } from './proto-reader.js';
import { WireType } from './proto-reader.js';

/** The small messages inside a Span: ids, events and links. */

export function readId(r: ProtoReader): string {
  const end = r.lengthEnd();
  const hex = bytesToHex(r.buf, r.pos, end);
  r.pos = end;
  return hex;
}

export function readEvent(r: ProtoReader, end: number): SpanEvent {
  let timeUs = 0;
  let name = '';
  const list = newAttributeList();
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.I64) timeUs = r.fixed64NanosToMicros();
    else if (field === 2 && (tag & 7) === WireType.LEN) name = r.string();
    else if (field === 3 && (tag & 7) === WireType.LEN) readKeyValue(r, r.lengthEnd(), list, 0);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
  return { timeUs, name, attributes: attributesFrom(list) };
}

export function readLink(r: ProtoReader, end: number): SpanLink {
  let traceId = '';
  let spanId = '';
  const list = newAttributeList();
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.LEN) traceId = readId(r);
    else if (field === 2 && (tag & 7) === WireType.LEN) spanId = readId(r);
    else if (field === 4 && (tag & 7) === WireType.LEN) readKeyValue(r, r.lengthEnd(), list, 0);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
  return { traceId, spanId, attributes: attributesFrom(list) };
}
