import type { Attributes, SpanEvent } from '../../core/span.js';
import { slicesOf } from './buffer-slices.js';
import { readCompactAttributes } from './json-scan-attributes.js';
import type { JsonScanner } from './json-scanner.js';
import { literal, NotHandled, spells } from './json-scanner.js';
import { attributesOf } from './json-values.js';

/**
 * The small parts of an OTLP/JSON Span as decode-json-bytes.ts reads them from the bytes: ids,
 * strings, enums, timestamps, events, and the parts parsed on their own. Each throws NotHandled
 * for anything it does not read exactly as decodeJsonRequest would, which then decodes the body.
 */

const NOT_HANDLED = NotHandled.instance;
const NONE: readonly never[] = Object.freeze([]);
const TIME = literal('timeUnixNano');
const NAME = literal('name');
const ATTRIBUTES = literal('attributes');

/** An attribute map read now: from compact KeyValues directly, else by parsing the array. */
function readAttributes(s: JsonScanner): Attributes {
  s.ws();
  const at = s.pos;
  try {
    const compact = readCompactAttributes(s);
    if (compact !== undefined) return compact;
  } catch {
    // Not compact: parsed below.
  }
  s.pos = at;
  return attributesOf(parsePart(s, 0x5b) as unknown[]);
}

/** A span's `events`, each as readEvent reads it. */
export function readEvents(s: JsonScanner): readonly SpanEvent[] {
  if (!s.openArray()) return NONE;
  const events: SpanEvent[] = [];
  do {
    let timeUs = 0;
    let eventName = '';
    let attributes: Attributes | undefined;
    let seen = 0;
    if (s.openObject()) {
      do {
        const key = s.key();
        const field = spells(s.buf, key, s.keyEnd, TIME) ? 1 : spells(s.buf, key, s.keyEnd, NAME) ? 2 : spells(s.buf, key, s.keyEnd, ATTRIBUTES) ? 4 : 0;
        if ((seen & field) !== 0) throw NOT_HANDLED;
        seen |= field;
        if (field === 1) timeUs = readNanosAsMicros(s);
        else if (field === 2) eventName = readString(s);
        else if (field === 4) attributes = readAttributes(s);
        else s.skipValue();
      } while (s.next(0x7d));
    }
    events.push({ timeUs, name: eventName, attributes: attributes ?? attributesOf(NONE) });
  } while (s.next(0x5d));
  return events;
}

/** A value (of the kind `open` starts) parsed on its own. */
export function parsePart(s: JsonScanner, open: number): unknown {
  if (s.peek() !== open) throw NOT_HANDLED;
  const start = s.pos;
  s.skipValue();
  return JSON.parse(slicesOf(s.buf).utf8Slice(start, s.pos));
}

export function readList<T>(s: JsonScanner, read: (value: unknown, i: number) => T): readonly T[] {
  if (s.peek() !== 0x5b) throw NOT_HANDLED;
  if (s.buf[s.pos + 1] === 0x5d) {
    s.pos += 2;
    return NONE;
  }
  return (parsePart(s, 0x5b) as unknown[]).map(read);
}

/** A hex id as idField reads it: lower-cased. */
export function readId(s: JsonScanner): string {
  if (s.peek() !== 0x22) throw NOT_HANDLED;
  const start = s.string();
  const end = s.stringEnd;
  if (s.escaped) throw NOT_HANDLED;
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = s.buf[i]!;
    if (c >= 0x80) throw NOT_HANDLED;
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  const id = slicesOf(s.buf).latin1Slice(start, end);
  return upper ? id.toLowerCase() : id;
}

export function readString(s: JsonScanner): string {
  if (s.peek() !== 0x22) throw NOT_HANDLED;
  const start = s.string();
  if (s.escaped) return JSON.parse(slicesOf(s.buf).utf8Slice(start - 1, s.stringEnd + 1)) as string;
  return slicesOf(s.buf).utf8Slice(start, s.stringEnd);
}

/** An enum: an integer number (a name, a fraction or an exponent is left to the exact decoder). */
export function readInteger(s: JsonScanner): number {
  const c = s.peek();
  if (c !== 0x2d && (c === undefined || c < 0x30 || c > 0x39)) throw NOT_HANDLED;
  const start = s.number();
  if (!s.integer || s.pos - start > 15) throw NOT_HANDLED;
  return Number(slicesOf(s.buf).latin1Slice(start, s.pos));
}

/** A uint64 nanosecond timestamp written as 1 to 20 decimal digits in a string, as microseconds. */
export function readNanosAsMicros(s: JsonScanner): number {
  if (s.peek() !== 0x22) throw NOT_HANDLED;
  const start = s.string();
  const end = s.stringEnd;
  if (s.escaped || end === start || end - start > 20) throw NOT_HANDLED;
  let micros = 0;
  for (let i = start; i < end; i++) {
    const digit = s.buf[i]! - 0x30;
    if (digit < 0 || digit > 9) throw NOT_HANDLED;
    if (i < end - 3) micros = micros * 10 + digit;
  }
  // Exact while every step stays a safe integer; past that, Number() rounds as nanosToMicrosField does.
  return micros <= Number.MAX_SAFE_INTEGER ? micros : Number(slicesOf(s.buf).latin1Slice(start, end - 3));
}

