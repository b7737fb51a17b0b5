import type { AttributeValue } from '../../core/span.js';
import type { ProtoReader } from './proto-reader.js';
import { WireType } from './proto-reader.js';
import { buildAttributes } from './attribute-shapes.js';
import { decodeProtoKey } from './key-cache.js';

/** Deepest array/kvlist nesting accepted in an attribute value; deeper is an attack, not telemetry. */
export const MAX_DEPTH = 32;

/** Keys and values read so far, in wire order; buildAttributes turns them into the map. */
export interface AttributeList {
  readonly keys: string[];
  readonly values: AttributeValue[];
}

export function newAttributeList(): AttributeList {
  return { keys: [], values: [] };
}

export function attributesFrom(list: AttributeList): Record<string, AttributeValue> {
  return buildAttributes(list.keys, list.values, list.keys.length);
}

/** Reads one KeyValue into `into`; a later duplicate key wins when the map is built. */
export function readKeyValue(r: ProtoReader, end: number, into: AttributeList, depth: number): void {
  let key = '';
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WireType.LEN) {
      const keyEnd = r.lengthEnd();
      key = decodeProtoKey(r.buf, r.pos, keyEnd);
      r.pos = keyEnd;
    }
    else if (field === 2 && (tag & 7) === WireType.LEN) value = readAnyValue(r, r.lengthEnd(), depth);
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
  into.keys.push(key);
  into.values.push(value);
}

/** Reads one AnyValue `[r.pos, end)`; a message with no value field is null. */
export function readAnyValue(r: ProtoReader, end: number, depth: number): AttributeValue {
  if (depth > MAX_DEPTH) r.fail(`attribute values nested deeper than ${MAX_DEPTH}`);
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(WireType.LEN, wire, 'string_value');
        value = r.string();
        break;
      case 2:
        r.expect(WireType.VARINT, wire, 'bool_value');
        value = r.uint32() !== 0;
        break;
      case 3: {
        r.expect(WireType.VARINT, wire, 'int_value');
        const n = r.int64();
        value = Number.isSafeInteger(n) ? n : String(n);
        break;
      }
      case 4:
        r.expect(WireType.I64, wire, 'double_value');
        value = r.double();
        break;
      case 5:
        r.expect(WireType.LEN, wire, 'array_value');
        value = readArray(r, r.lengthEnd(), depth + 1);
        break;
      case 6: {
        r.expect(WireType.LEN, wire, 'kvlist_value');
        const kvEnd = r.lengthEnd();
        const map = newAttributeList();
        while (r.pos < kvEnd) {
          const t = r.uint32();
          if (t >>> 3 === 1 && (t & 7) === WireType.LEN) readKeyValue(r, r.lengthEnd(), map, depth + 1);
          else r.skip(t & 7);
        }
        r.checkEnd(kvEnd);
        value = attributesFrom(map);
        break;
      }
      case 7: {
        r.expect(WireType.LEN, wire, 'bytes_value');
        const bytesEnd = r.lengthEnd();
        value = Buffer.from(r.buf.buffer, r.buf.byteOffset + r.pos, bytesEnd - r.pos).toString('base64');
        r.pos = bytesEnd;
        break;
      }
      default:
        r.skip(wire);
    }
  }
  r.checkEnd(end);
  return value;
}

function readArray(r: ProtoReader, end: number, depth: number): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WireType.LEN) values.push(readAnyValue(r, r.lengthEnd(), depth));
    else r.skip(tag & 7);
  }
  r.checkEnd(end);
  return values;
}

