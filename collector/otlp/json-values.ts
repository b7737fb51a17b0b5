import { Attr } from '../../core/attributes.js';
import type { AttributeValue } from '../../core/span.js';
import { OtlpDecodeError } from './decode-error.js';
import { buildAttributes } from './attribute-shapes.js';
import type { RequestIds } from './request-ids.js';

/**
 * Readers for the scalar and attribute shapes of OTLP JSON (proto3 JSON mapping with OTLP's
 * deviations: hex ids, integer enums, int64 as decimal strings or numbers, unknown fields
 * ignored). Each throws OtlpDecodeError naming the field *relative* to the object it was given;
 * callers prefix the path.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional array field: absent or null is empty. */
export function arrayField(obj: JsonObject, key: string): readonly unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return EMPTY;
  if (!Array.isArray(value)) throw new OtlpDecodeError(key, 'must be an array');
  return value;
}

const EMPTY: readonly unknown[] = [];

export function stringField(obj: JsonObject, key: string): string {
  const value = obj[key];
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  throw new OtlpDecodeError(key, 'must be a string');
}

/** A hex id, lower-cased; validity is the normaliser's job. */
export function idField(obj: JsonObject, key: string): string {
  const value = stringField(obj, key);
  return value === '' ? value : value.toLowerCase();
}

/** An enum: integers only, as OTLP/JSON requires. */
export function enumField(obj: JsonObject, key: string): number {
  const value = obj[key];
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') throw new OtlpDecodeError(key, 'enum values must be integers, not names');
  throw new OtlpDecodeError(key, 'must be an integer');
}

/** true when `value` is 1 to 20 ASCII digits. */
function isDigits(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 20) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A uint64 nanosecond timestamp (decimal string or number) as integer microseconds. */
export function nanosToMicrosField(obj: JsonObject, key: string): number {
  const value = obj[key];
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') {
    if (!isDigits(value)) throw new OtlpDecodeError(key, 'must be a decimal uint64');
    return value.length <= 3 ? 0 : Number(value.slice(0, -3));
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return Math.floor(value / 1000);
  throw new OtlpDecodeError(key, 'must be a decimal uint64');
}

const INT64 = /^-?[0-9]{1,19}$/;

function int64Value(value: unknown): AttributeValue {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INT64.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new OtlpDecodeError('intValue', 'must be an int64 (decimal string or integer)');
}

function doubleValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw new OtlpDecodeError('doubleValue', 'must be a number');
}

/** Deepest array/kvlist nesting accepted, as in the protobuf decoder. */
const MAX_DEPTH = 32;

export function anyValue(value: unknown, depth = 0): AttributeValue {
  if (value === undefined || value === null) return null;
  // The common case first: a string value, one property read.
  const str = (value as JsonObject).stringValue;
  if (typeof str === 'string' && typeof value === 'object' && !Array.isArray(value)) return str;
  if (!isObject(value)) throw new OtlpDecodeError('', 'AnyValue must be an object');
  if (depth > MAX_DEPTH) throw new OtlpDecodeError('', `attribute values nested deeper than ${MAX_DEPTH}`);
  const s = value.stringValue;
  if (s !== undefined && s !== null) {
    if (typeof s !== 'string') throw new OtlpDecodeError('stringValue', 'must be a string');
    return s;
  }
  if (value.intValue !== undefined && value.intValue !== null) return int64Value(value.intValue);
  const b = value.boolValue;
  if (b !== undefined && b !== null) {
    if (typeof b !== 'boolean') throw new OtlpDecodeError('boolValue', 'must be a boolean');
    return b;
  }
  if (value.doubleValue !== undefined && value.doubleValue !== null) return doubleValue(value.doubleValue);
  if (value.arrayValue !== undefined && value.arrayValue !== null) {
    if (!isObject(value.arrayValue)) throw new OtlpDecodeError('arrayValue', 'must be an object');
    return arrayField(value.arrayValue, 'values').map((v) => anyValue(v, depth + 1));
  }
  if (value.kvlistValue !== undefined && value.kvlistValue !== null) {
    if (!isObject(value.kvlistValue)) throw new OtlpDecodeError('kvlistValue', 'must be an object');
    return attributesOf(arrayField(value.kvlistValue, 'values'), depth + 1);
  }
  if (value.bytesValue !== undefined && value.bytesValue !== null) {
    if (typeof value.bytesValue !== 'string') throw new OtlpDecodeError('bytesValue', 'must be a base64 string');
    return value.bytesValue;
  }
  return null;
}

/** A KeyValue list as an attribute map; a later duplicate key wins. */
export function attributesOf(list: readonly unknown[], depth = 0): Record<string, AttributeValue> {
  const keys: string[] = [];
  const values: AttributeValue[] = [];
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (!isObject(kv)) throw new OtlpDecodeError(`[${i}]`, 'KeyValue must be an object');
    const key = kv.key;
    if (typeof key !== 'string') throw new OtlpDecodeError(`[${i}].key`, 'must be a string');
    try {
      values.push(anyValue(kv.value, depth));
    } catch (error) {
      throw prefixed(error, `[${i}].value`);
    }
    keys.push(key);
  }
  return buildAttributes(keys, values, keys.length);
}

/**
 * Checks a KeyValue list exactly as attributesOf reads it — same errors — without building the
 * map, and copies its request-id attributes into `ids` (a later duplicate wins, as in the map).
 * attributesOf of a checked list cannot throw.
 */
export function checkAttributes(list: readonly unknown[], ids: RequestIds): void {
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (!isObject(kv)) throw new OtlpDecodeError(`[${i}]`, 'KeyValue must be an object');
    const key = kv.key;
    if (typeof key !== 'string') throw new OtlpDecodeError(`[${i}].key`, 'must be a string');
    let value: AttributeValue;
    try {
      value = anyValue(kv.value, 0);
    } catch (error) {
      throw prefixed(error, `[${i}].value`);
    }
    if (key === Attr.requestId || key === Attr.globalRequestId) ids[key] = value;
  }
}

/** Re-throws a decode error with `prefix` before its field path; other errors pass unchanged. */
export function prefixed(error: unknown, prefix: string): unknown {
  if (!(error instanceof OtlpDecodeError)) return error;
  const sep = error.field === '' || error.field.startsWith('[') ? '' : '.';
  return new OtlpDecodeError(prefix + sep + error.field, error.description);
}
