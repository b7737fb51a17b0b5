import type { AttributeValue } from '../../core/span.js';
import { MAX_DEPTH, readAnyValue } from './decode-proto-attributes.js';
import { knownKeyAt } from './known-attributes.js';
import type { ProtoReader } from './proto-reader.js';
import { WireType } from './proto-reader.js';

/**
 * Attribute bytes walked without being decoded, for spans whose attribute map is built later
 * (DecodedSpan). Each walker makes exactly the checks, in the same order and with the same
 * errors, as its reader in decode-proto-attributes.ts, so a body is refused or accepted — and a
 * 400 names the same byte — whether its attributes are decoded now or later; a later build of
 * checked bytes cannot throw. Nothing is allocated except for the known keys' values.
 */

/** Walks one KeyValue as readKeyValue reads it. */
export function checkKeyValue(r: ProtoReader, end: number, depth: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.LEN) r.pos = r.lengthEnd();
    else if (field === 2 && (tag & 7) === WireType.LEN) checkAnyValue(r, r.lengthEnd(), depth);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
}

/** Walks one Event as readEvent (decode-proto-parts.ts) reads it. */
export function checkEvent(r: ProtoReader, end: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.I64) r.fixed64NanosToMicros();
    else if (field === 2 && (tag & 7) === WireType.LEN) r.pos = r.lengthEnd();
    else if (field === 3 && (tag & 7) === WireType.LEN) checkKeyValue(r, r.lengthEnd(), 0);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
}

function checkAnyValue(r: ProtoReader, end: number, depth: number): void {
  if (depth > MAX_DEPTH) r.fail(`attribute values nested deeper than ${MAX_DEPTH}`);
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(WireType.LEN, wire, 'string_value');
        r.pos = r.lengthEnd();
        break;
      case 2:
        r.expect(WireType.VARINT, wire, 'bool_value');
        r.uint32();
        break;
      case 3:
        r.expect(WireType.VARINT, wire, 'int_value');
        r.int64();
        break;
      case 4:
        r.expect(WireType.I64, wire, 'double_value');
        if (r.pos + 8 > r.buf.length) r.fail('truncated double');
        r.pos += 8;
        break;
      case 5:
        r.expect(WireType.LEN, wire, 'array_value');
        checkArray(r, r.lengthEnd(), depth + 1);
        break;
      case 6: {
        r.expect(WireType.LEN, wire, 'kvlist_value');
        const kvEnd = r.lengthEnd();
        while (r.pos < kvEnd) {
          const t = r.uint32();
          if (t >>> 3 === 1 && (t & 7) === WireType.LEN) checkKeyValue(r, r.lengthEnd(), depth + 1);
          else r.skip(t & 7);
        }
        r.checkEnd(kvEnd);
        break;
      }
      case 7:
        r.expect(WireType.LEN, wire, 'bytes_value');
        r.pos = r.lengthEnd();
        break;
      default:
        r.skip(wire);
    }
  }
  r.checkEnd(end);
}

function checkArray(r: ProtoReader, end: number, depth: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WireType.LEN) checkAnyValue(r, r.lengthEnd(), depth);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
}

/**
 * Walks one KeyValue as readKeyValue reads it; when its key is a known key (known-attributes.ts:
 * the request ids and the other keys the analyzer reads), decodes its value into `known` (a later duplicate
 * wins, as in the map). Other keys are ruled out by their byte length or one cached key lookup.
 */
export function scanKeyValue(r: ProtoReader, end: number, known: Record<string, AttributeValue>): void {
  let keyStart = 0;
  let keyEnd = 0;
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.LEN) {
      keyEnd = r.lengthEnd();
      keyStart = r.pos;
      r.pos = keyEnd;
    } else if (field === 2 && (tag & 7) === WireType.LEN) {
      valueEnd = r.lengthEnd();
      valueStart = r.pos;
      checkAnyValue(r, valueEnd, 0);
    } else r.skip(tag & 7);
  }
  r.checkEnd(end);
  const key = knownKeyAt(r.buf, keyStart, keyEnd);
  if (key === undefined) return;
  if (valueStart < 0) {
    known[key] = null;
    return;
  }
  r.pos = valueStart;
  known[key] = readAnyValue(r, valueEnd, 0);
  r.pos = end;
}
