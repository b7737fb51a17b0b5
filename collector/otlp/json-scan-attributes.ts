import { Attr } from '../../core/attributes.js';
import type { Attributes } from '../../core/span.js';
import { buildAttributes } from './attribute-shapes.js';
import { slicesOf } from './buffer-slices.js';
import type { AttributeList } from './decode-proto-attributes.js';
import type { JsonScanner } from './json-scanner.js';
import { keyCache } from './key-cache.js';
import { FALSE, literal, NotHandled, NULL, spells, TRUE } from './json-scanner.js';
import type { RequestIds } from './request-ids.js';

/**
 * OTLP/JSON KeyValue lists checked in the bytes, for spans whose attribute map is built later.
 * Only shapes that attributesOf (json-values.ts) surely accepts pass: a KeyValue with a string
 * key and an AnyValue whose fields each have their proper type, nested at most MAX_DEPTH deep.
 * Anything else — a null field, an int64 written as a fraction, a NaN double, a duplicate field —
 * is NotHandled, and the caller decodes the body with JSON.parse and the exact checks instead.
 */

const NOT_HANDLED = NotHandled.instance;
const MAX_DEPTH = 32;

const KEY = literal('key');
const VALUE = literal('value');
const VALUES = literal('values');
const STRING_VALUE = literal('stringValue');
const INT_VALUE = literal('intValue');
const BOOL_VALUE = literal('boolValue');
const DOUBLE_VALUE = literal('doubleValue');
const ARRAY_VALUE = literal('arrayValue');
const KVLIST_VALUE = literal('kvlistValue');
const BYTES_VALUE = literal('bytesValue');
const GLOBAL_ID = literal(Attr.globalRequestId);
const LOCAL_ID = literal(Attr.requestId);

/** Checks the KeyValue array at the scanner; with `ids`, copies its request-id values there (last wins). */
export function checkKeyValues(s: JsonScanner, depth: number, ids: RequestIds | undefined): void {
  if (!s.openArray()) return;
  do {
    s.ws();
    const at = s.pos;
    if (!compactKeyValue(s, ids)) {
      s.pos = at;
      checkKeyValue(s, depth, ids);
    }
  } while (s.next(0x5d));
}

/**
 * The attribute map of the KeyValue array at the scanner when every KeyValue is compact (see
 * compactKeyValue) — what attributesOf builds from the parsed array, without parsing it — or
 * undefined, the scanner then anywhere inside the array.
 */
export function readCompactAttributes(s: JsonScanner): Attributes | undefined {
  const list: AttributeList = { keys: [], values: [] };
  if (s.openArray()) {
    do {
      s.ws();
      if (!compactKeyValue(s, undefined, list)) return undefined;
    } while (s.next(0x5d));
  }
  return buildAttributes(list.keys, list.values, list.keys.length);
}

/** JSON keys without escapes: the UTF-8 bytes as they are (a leading byte-order mark is kept, as JSON.parse keeps it). */
const decodeJsonKey = keyCache((buf, start, end) => slicesOf(buf).utf8Slice(start, end));

const KEY_OPEN = literal('{"key":"');
const VALUE_OPEN = literal('","value":{"');
const STRING_OPEN = literal('stringValue":"');
const INT_OPEN = literal('intValue":');
const DOUBLE_OPEN = literal('doubleValue":');
const BOOL_OPEN = literal('boolValue":');
const TRUE_WORD = literal('true');
const FALSE_WORD = literal('false');

/**
 * The KeyValue as the SDKs write it, compactly: `{"key":"k","value":{"stringValue":"v"}}` (or an
 * intValue, doubleValue or boolValue), matched byte for byte. Returns false, anywhere in its
 * position, for anything else (escapes, whitespace, other shapes); the caller then checks the
 * KeyValue from its start with checkKeyValue.
 */
function compactKeyValue(s: JsonScanner, ids: RequestIds | undefined, into?: AttributeList): boolean {
  const buf = s.buf;
  let pos = s.pos;
  if (!KEY_OPEN.at(buf, pos)) return false;
  const keyStart = pos + KEY_OPEN.length;
  pos = plainStringEnd(buf, keyStart);
  if (pos < 0 || !VALUE_OPEN.at(buf, pos)) return false;
  const keyEnd = pos;
  pos += VALUE_OPEN.length;
  let value: string | null = null;
  let number: number | undefined;
  let bool: boolean | undefined;
  if (STRING_OPEN.at(buf, pos)) {
    const start = pos + STRING_OPEN.length;
    pos = plainStringEnd(buf, start);
    if (pos < 0) return false;
    if (into !== undefined || (ids !== undefined && keyEnd - keyStart >= LOCAL_ID.length)) value = slicesOf(buf).utf8Slice(start, pos);
    pos++;
  } else {
    const numeric = INT_OPEN.at(buf, pos) ? INT_OPEN.length : DOUBLE_OPEN.at(buf, pos) ? DOUBLE_OPEN.length : 0;
    if (numeric > 0) {
      s.pos = pos + numeric;
      const c = buf[s.pos];
      if (c !== 0x2d && (c === undefined || c < 0x30 || c > 0x39)) return false;
      const start = s.number();
      if (numeric === INT_OPEN.length && !s.integer) return false;
      pos = s.pos;
      if (into !== undefined) number = Number(slicesOf(buf).latin1Slice(start, pos));
    } else if (BOOL_OPEN.at(buf, pos)) {
      pos += BOOL_OPEN.length;
      const word = buf[pos] === 0x74 ? TRUE_WORD : FALSE_WORD;
      if (!word.at(buf, pos)) return false;
      pos += word.length;
      bool = word === TRUE_WORD;
    } else return false;
  }
  if (buf[pos] !== 0x7d || buf[pos + 1] !== 0x7d) return false;
  s.pos = pos + 2;
  if (into !== undefined) {
    into.keys.push(decodeJsonKey(buf, keyStart, keyEnd));
    into.values.push(value ?? number ?? bool ?? null);
  }
  if (ids !== undefined && keyEnd - keyStart >= LOCAL_ID.length) {
    const id = spells(s.buf, keyStart, keyEnd, LOCAL_ID) ? Attr.requestId : spells(s.buf, keyStart, keyEnd, GLOBAL_ID) ? Attr.globalRequestId : undefined;
    if (id !== undefined) ids[id] = value;
  }
  return true;
}

/** The closing quote's position of a string starting at `start` with no escapes or control characters; -1 otherwise. */
function plainStringEnd(buf: Buffer, start: number): number {
  const n = buf.length;
  for (let i = start; i < n; i++) {
    const c = buf[i]!;
    if (c === 0x22) return i;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

function checkKeyValue(s: JsonScanner, depth: number, ids: RequestIds | undefined): void {
  if (!s.openObject()) throw NOT_HANDLED;
  let id: string | undefined;
  let hasKey = false;
  let hasValue = false;
  let value: string | null = null;
  do {
    const name = s.key();
    const nameEnd = s.keyEnd;
    if (spells(s.buf, name, nameEnd, KEY)) {
      if (hasKey || s.peek() !== 0x22) throw NOT_HANDLED;
      hasKey = true;
      const start = s.string();
      if (ids !== undefined && !s.escaped) id = spells(s.buf, start, s.stringEnd, LOCAL_ID) ? Attr.requestId : spells(s.buf, start, s.stringEnd, GLOBAL_ID) ? Attr.globalRequestId : undefined;
    } else if (spells(s.buf, name, nameEnd, VALUE)) {
      if (hasValue) throw NOT_HANDLED;
      hasValue = true;
      value = checkAnyValue(s, depth, ids !== undefined && (!hasKey || id !== undefined));
    } else s.skipValue();
  } while (s.next(0x7d));
  if (!hasKey) throw NOT_HANDLED;
  if (id !== undefined) ids![id] = value;
}

/**
 * Checks one AnyValue; with `wantString`, returns its stringValue (null when it has none) and
 * refuses values with other typed fields.
 */
function checkAnyValue(s: JsonScanner, depth: number, wantString: boolean): string | null {
  const c = s.peek();
  if (c === 0x6e) {
    s.literal(NULL);
    return null;
  }
  if (depth > MAX_DEPTH) throw NOT_HANDLED;
  if (!s.openObject()) return null;
  let result: string | null = null;
  let seen = 0;
  do {
    const name = s.key();
    const end = s.keyEnd;
    const field = spells(s.buf, name, end, STRING_VALUE) ? 1 : spells(s.buf, name, end, INT_VALUE) ? 2 : spells(s.buf, name, end, BOOL_VALUE) ? 4 : spells(s.buf, name, end, DOUBLE_VALUE) ? 8
      : spells(s.buf, name, end, ARRAY_VALUE) ? 16 : spells(s.buf, name, end, KVLIST_VALUE) ? 32 : spells(s.buf, name, end, BYTES_VALUE) ? 64 : 0;
    if ((seen & field) !== 0) throw NOT_HANDLED;
    seen |= field;
    const next = s.peek();
    switch (field) {
      case 1: {
        if (next !== 0x22) throw NOT_HANDLED;
        const start = s.string();
        if (wantString) result = s.escaped ? (JSON.parse(slicesOf(s.buf).utf8Slice(start - 1, s.stringEnd + 1)) as string) : slicesOf(s.buf).utf8Slice(start, s.stringEnd);
        break;
      }
      case 2:
        checkInt64(s, next);
        break;
      case 4:
        s.literal(next === 0x74 ? TRUE : FALSE);
        break;
      case 8:
        if (next !== 0x2d && (next === undefined || next < 0x30 || next > 0x39)) throw NOT_HANDLED;
        s.number();
        break;
      case 16:
        checkValues(s, depth, false);
        break;
      case 32:
        checkValues(s, depth, true);
        break;
      case 64:
        if (next !== 0x22) throw NOT_HANDLED;
        s.string();
        break;
      default:
        s.skipValue();
    }
  } while (s.next(0x7d));
  // A request id's value is read here only in its plain form; any other typed field could change it.
  if (wantString && (seen & ~1) !== 0) throw NOT_HANDLED;
  return result;
}

/** An int64: an integer number, or a string of an optional minus and 1 to 19 digits. */
function checkInt64(s: JsonScanner, next: number | undefined): void {
  if (next === 0x22) {
    const start = s.string();
    const end = s.stringEnd;
    const digits = s.buf[start] === 0x2d ? start + 1 : start;
    if (s.escaped || end - digits < 1 || end - digits > 19) throw NOT_HANDLED;
    for (let i = digits; i < end; i++) if (s.buf[i]! < 0x30 || s.buf[i]! > 0x39) throw NOT_HANDLED;
    return;
  }
  if (next !== 0x2d && (next === undefined || next < 0x30 || next > 0x39)) throw NOT_HANDLED;
  s.number();
  if (!s.integer) throw NOT_HANDLED;
}

/** `{"values": [...]}` of an arrayValue (AnyValues) or a kvlistValue (KeyValues), one level deeper. */
function checkValues(s: JsonScanner, depth: number, keyValues: boolean): void {
  if (!s.openObject()) return;
  let seen = false;
  do {
    const name = s.key();
    if (!spells(s.buf, name, s.keyEnd, VALUES)) {
      s.skipValue();
      continue;
    }
    if (seen || s.peek() !== 0x5b) throw NOT_HANDLED;
    seen = true;
    if (keyValues) checkKeyValues(s, depth + 1, undefined);
    else if (s.openArray()) {
      do checkAnyValue(s, depth + 1, false);
      while (s.next(0x5d));
    }
  } while (s.next(0x7d));
}

