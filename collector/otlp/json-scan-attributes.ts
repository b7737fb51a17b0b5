import { isUtf8 } from 'node:buffer';
import { Attr } from '../../core/attributes.js';
import type { Attributes } from '../../core/span.js';
import { buildAttributes } from './attribute-shapes.js';
import { slicesOf } from './buffer-slices.js';
import type { AttributeList } from './decode-proto-attributes.js';
import type { JsonScanner } from './json-scanner.js';
import { writeAttributes } from './encode-proto-values.js';
import { attributesOf } from './json-values.js';
import { keyCache } from './key-cache.js';
import { FALSE, literal, NotHandled, NULL, spells, TRUE } from './json-scanner.js';
import type { ProtoWriter } from './proto-writer.js';
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

/** What scanCompactKeyValue found: byte ranges in the scanner's buffer. */
interface CompactKeyValue {
  keyStart: number;
  keyEnd: number;
  /** stringValue's bytes without the quotes (-1 when the value is not a string). */
  stringStart: number;
  stringEnd: number;
  /** A number's bytes (-1 when the value is not a number). */
  numberStart: number;
  numberEnd: number;
  /** A boolValue's value. */
  bool: boolean;
  /** Whether the key or the string holds a byte of 0x80 or above (UTF-8 beyond ASCII). */
  wide: boolean;
}

/** One record reused by every scan: decoding is synchronous, so one serves. */
const found: CompactKeyValue = { keyStart: 0, keyEnd: 0, stringStart: -1, stringEnd: -1, numberStart: -1, numberEnd: -1, bool: false, wide: false };

/**
 * The KeyValue as the SDKs write it, compactly: `{"key":"k","value":{"stringValue":"v"}}` (or an
 * intValue, doubleValue or boolValue), matched byte for byte into `found`, the scanner then past
 * it. Returns false, the scanner anywhere in its position, for anything else (escapes,
 * whitespace, other shapes); the caller then checks the KeyValue from its start with
 * checkKeyValue.
 */
function scanCompactKeyValue(s: JsonScanner): boolean {
  const buf = s.buf;
  let pos = s.pos;
  if (!KEY_OPEN.at(buf, pos)) return false;
  found.keyStart = pos + KEY_OPEN.length;
  pos = plainStringEnd(buf, found.keyStart);
  if (pos < 0 || !VALUE_OPEN.at(buf, pos)) return false;
  found.keyEnd = pos;
  found.wide = wideBytes;
  found.stringStart = -1;
  found.numberStart = -1;
  pos += VALUE_OPEN.length;
  if (STRING_OPEN.at(buf, pos)) {
    found.stringStart = pos + STRING_OPEN.length;
    pos = plainStringEnd(buf, found.stringStart);
    if (pos < 0) return false;
    found.stringEnd = pos;
    found.wide ||= wideBytes;
    pos++;
  } else {
    const numeric = INT_OPEN.at(buf, pos) ? INT_OPEN.length : DOUBLE_OPEN.at(buf, pos) ? DOUBLE_OPEN.length : 0;
    if (numeric > 0) {
      s.pos = pos + numeric;
      const c = buf[s.pos];
      if (c !== 0x2d && (c === undefined || c < 0x30 || c > 0x39)) return false;
      found.numberStart = s.number();
      if (numeric === INT_OPEN.length && !s.integer) return false;
      pos = found.numberEnd = s.pos;
    } else if (BOOL_OPEN.at(buf, pos)) {
      pos += BOOL_OPEN.length;
      const word = buf[pos] === 0x74 ? TRUE_WORD : FALSE_WORD;
      if (!word.at(buf, pos)) return false;
      pos += word.length;
      found.bool = word === TRUE_WORD;
    } else return false;
  }
  if (buf[pos] !== 0x7d || buf[pos + 1] !== 0x7d) return false;
  s.pos = pos + 2;
  return true;
}

/** The number or boolean scanCompactKeyValue found (not for a string). */
function foundScalar(buf: Buffer): number | boolean {
  const { numberStart: start, numberEnd: end } = found;
  if (start < 0) return found.bool;
  // Up to 15 plain digits (the usual int) are read here; anything else by Number.
  const negative = buf[start] === 0x2d;
  if (end - start > 15) return Number(slicesOf(buf).latin1Slice(start, end));
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return Number(slicesOf(buf).latin1Slice(start, end));
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

/**
 * A compact KeyValue (scanCompactKeyValue) added to `into`, its request id to `ids`; false when
 * it is not compact.
 */
function compactKeyValue(s: JsonScanner, ids: RequestIds | undefined, into?: AttributeList): boolean {
  if (!scanCompactKeyValue(s)) return false;
  const { keyStart, keyEnd, stringStart } = found;
  const mayBeId = ids !== undefined && keyEnd - keyStart >= LOCAL_ID.length;
  const value = stringStart >= 0 && (into !== undefined || mayBeId) ? slicesOf(s.buf).utf8Slice(stringStart, found.stringEnd) : null;
  if (into !== undefined) {
    into.keys.push(decodeJsonKey(s.buf, keyStart, keyEnd));
    into.values.push(stringStart >= 0 ? value : foundScalar(s.buf));
  }
  if (mayBeId) {
    const id = spells(s.buf, keyStart, keyEnd, LOCAL_ID) ? Attr.requestId : spells(s.buf, keyStart, keyEnd, GLOBAL_ID) ? Attr.globalRequestId : undefined;
    if (id !== undefined) ids[id] = value;
  }
  return true;
}

/**
 * Checks the KeyValue array at the scanner exactly as checkKeyValues does (the same refusals,
 * request ids copied to `ids`) and writes it to `w` as KeyValue fields `field`, in order. A
 * compact KeyValue is copied from the bytes; any other is parsed on its own and written as
 * writeAttributes writes a value. Keys are written as they come, so a map built from the bytes
 * equals the one built from the JSON (a repeated key's last value wins in both). Returns false,
 * `w` as it was and the scanner anywhere in the array, when a compact KeyValue is not valid
 * UTF-8: the caller then checks the array again with checkKeyValues and builds the map as usual.
 */
export function transcodeKeyValues(s: JsonScanner, w: ProtoWriter, field: number, ids: RequestIds): boolean {
  const before = w.length;
  if (!s.openArray()) return true;
  do {
    s.ws();
    const at = s.pos;
    if (compactKeyValue(s, ids)) {
      if (!writeCompact(s.buf, w, field)) {
        w.truncate(before);
        return false;
      }
    } else {
      s.pos = at;
      checkKeyValue(s, 0, ids);
      writeParsed(s.buf, at, s.pos, w, field);
    }
  } while (s.next(0x5d));
  return true;
}

/** A checked KeyValue that is not compact, parsed as attributesOf reads it. */
function writeParsed(buf: Buffer, start: number, end: number, w: ProtoWriter, field: number): void {
  writeAttributes(w, field, attributesOf([JSON.parse(slicesOf(buf).utf8Slice(start, end))]));
}

/** The compact KeyValue scanCompactKeyValue found, copied from `buf`; false when it is not valid UTF-8. */
function writeCompact(buf: Buffer, w: ProtoWriter, field: number): boolean {
  const { keyStart, keyEnd, stringStart, stringEnd } = found;
  if (found.wide && !isUtf8(buf.subarray(keyStart, stringStart >= 0 ? stringEnd : keyEnd))) return false;
  if (stringStart >= 0) w.stringKeyValueOf(field, buf, keyStart, keyEnd, stringStart, stringEnd);
  else w.scalarKeyValueOf(field, buf, keyStart, keyEnd, foundScalar(buf));
  return true;
}

/** Whether the string plainStringEnd last read holds a byte of 0x80 or above. */
let wideBytes = false;

/**
 * The closing quote's position of a string starting at `start` with no escapes or control
 * characters; -1 otherwise. Sets wideBytes.
 */
function plainStringEnd(buf: Buffer, start: number): number {
  const n = buf.length;
  let wide = 0;
  for (let i = start; i < n; i++) {
    const c = buf[i]!;
    wide |= c;
    if (c === 0x22) {
      wideBytes = wide >= 0x80;
      return i;
    }
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

