import { hexToBytes } from './hex.js';
import { asciiInto, int64Size, varintSize, writeVarint } from './proto-bytes.js';

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;

/**
 * An append-only protobuf writer into one growing buffer. Length-delimited fields are written
 * in place: `fork()` reserves the length varint's expected size, `join()` fills it in and, when
 * the body needs a different size, moves the body once (a memmove, not a copy per level).
 */
export class ProtoWriter {
  #buf: Buffer;
  #pos = 0;
  readonly #forks: number[] = [];

  constructor(initialBytes = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(Math.max(64, initialBytes));
  }

  #ensure(extra: number): void {
    if (this.#pos + extra <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  uint32(value: number): void {
    this.#ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.#buf[this.#pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.#buf[this.#pos++] = v;
  }

  /** A signed 64-bit integer as a varint (two's complement, ten bytes when negative). */
  int64(value: number): void {
    this.#ensure(10);
    let lo = value >>> 0;
    let hi = Math.floor(value / 4294967296) >>> 0;
    if (value < 0) {
      const abs = -value;
      lo = ~(abs >>> 0) + 1;
      hi = ~Math.floor(abs / 4294967296) + (lo === 0 ? 1 : 0);
      lo >>>= 0;
      hi >>>= 0;
    }
    while (hi > 0 || lo >= 0x80) {
      this.#buf[this.#pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.#buf[this.#pos++] = lo;
  }

  /** Microseconds as a fixed64 nanosecond timestamp. */
  fixed64MicrosAsNanos(micros: number): void {
    this.#ensure(8);
    // ns = micros * 1000, split without exceeding 2^53: micros = mh * 2^32 + ml.
    const ml = micros % 4294967296;
    const mh = (micros - ml) / 4294967296;
    const lowProduct = ml * 1000; // < 2^42, exact
    const lo = lowProduct % 4294967296;
    const hi = mh * 1000 + (lowProduct - lo) / 4294967296;
    this.#buf.writeUInt32LE(lo, this.#pos);
    this.#buf.writeUInt32LE(hi >>> 0, this.#pos + 4);
    this.#pos += 8;
  }

  fixed32(value: number): void {
    this.#ensure(4);
    this.#buf.writeUInt32LE(value >>> 0, this.#pos);
    this.#pos += 4;
  }

  double(value: number): void {
    this.#ensure(8);
    this.#buf.writeDoubleLE(value, this.#pos);
    this.#pos += 8;
  }

  string(value: string): void {
    const n = value.length;
    this.#ensure(5 + n * 3);
    // Short ASCII strings (most keys and values) are copied char by char: cheaper than a native call.
    if (n < 128) {
      const buf = this.#buf;
      const start = this.#pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        buf[this.#pos] = n;
        this.#pos = start + n;
        return;
      }
    }
    const lengthAt = this.#pos++;
    const written = this.#buf.write(value, this.#pos, 'utf8');
    this.#pos += written;
    this.#fixLength(lengthAt, written);
  }

  /**
   * A whole OTLP `KeyValue { key, value: AnyValue }` as field `field` (1–15) in one step, for the
   * common attribute: ASCII key, and a value that is an ASCII string, a number (int_value when
   * a safe integer, else double_value) or a boolean, short enough for one-byte lengths. Returns
   * false, with nothing written, for anything else: the caller then writes it field by field.
   * The bytes are those of tag/fork/string/.../join: it only skips the bookkeeping.
   */
  keyValue(field: number, key: string, value: string | number | boolean): boolean {
    const k = key.length;
    const integral = typeof value === 'number' && Number.isSafeInteger(value);
    let any: number;
    if (typeof value === 'string') any = 2 + value.length;
    else if (typeof value === 'boolean') any = 2;
    else any = integral ? 1 + int64Size(value) : 9;
    if (k > 120 || any > 120 - k) return false;
    this.#ensure(6 + k + any);
    const buf = this.#buf;
    buf[this.#pos] = (field << 3) | WIRE_LEN;
    buf[this.#pos + 1] = 4 + k + any;
    buf[this.#pos + 2] = 0x0a; // key: field 1, LEN
    buf[this.#pos + 3] = k;
    let p = asciiInto(buf, this.#pos + 4, key);
    if (p < 0) return false;
    buf[p] = 0x12; // value: field 2, LEN
    buf[p + 1] = any;
    if (typeof value === 'string') {
      buf[p + 2] = 0x0a; // string_value
      buf[p + 3] = value.length;
      p = asciiInto(buf, p + 4, value);
      if (p < 0) return false;
      this.#pos = p;
    } else if (typeof value === 'boolean') {
      buf[p + 2] = 0x10; // bool_value
      buf[p + 3] = value ? 1 : 0;
      this.#pos = p + 4;
    } else if (integral) {
      buf[p + 2] = 0x18; // int_value
      this.#pos = p + 3;
      this.int64(value);
    } else {
      buf[p + 2] = 0x21; // double_value
      this.#pos = p + 3;
      this.double(value);
    }
    return true;
  }

  /**
   * A whole OTLP `KeyValue { key, value: AnyValue { string_value } }` as field `field` (1–15),
   * key and string copied as UTF-8 from `src[keyStart, keyEnd)` and `src[valueStart, valueEnd)`:
   * the bytes keyValue, or tag/fork/string/…/join, write for those strings.
   */
  stringKeyValueOf(field: number, src: Uint8Array, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    const v = valueEnd - valueStart;
    this.#keyValueHead(field, src, keyStart, keyEnd, 1 + varintSize(v) + v);
    this.tag(1, WIRE_LEN);
    this.uint32(v);
    this.raw(src, valueStart, valueEnd);
  }

  /**
   * A whole OTLP `KeyValue { key, value: AnyValue }` as field `field` (1–15), the key copied as
   * UTF-8 from `src[keyStart, keyEnd)`: the bytes keyValue writes for that key and value.
   */
  scalarKeyValueOf(field: number, src: Uint8Array, keyStart: number, keyEnd: number, value: number | boolean): void {
    const integral = typeof value === 'number' && Number.isSafeInteger(value);
    this.#keyValueHead(field, src, keyStart, keyEnd, typeof value === 'boolean' ? 2 : integral ? 1 + int64Size(value) : 9);
    if (typeof value === 'boolean') {
      this.tag(2, WIRE_VARINT);
      this.uint32(value ? 1 : 0);
    } else if (integral) {
      this.tag(3, WIRE_VARINT);
      this.int64(value);
    } else {
      this.tag(4, WIRE_I64);
      this.double(value);
    }
  }

  /** A KeyValue field up to its AnyValue's body (`anyBytes` long), the key copied from `src`. */
  #keyValueHead(field: number, src: Uint8Array, keyStart: number, keyEnd: number, anyBytes: number): void {
    const k = keyEnd - keyStart;
    this.tag(field, WIRE_LEN);
    this.uint32(1 + varintSize(k) + k + 1 + varintSize(anyBytes) + anyBytes);
    this.tag(1, WIRE_LEN);
    this.uint32(k);
    this.raw(src, keyStart, keyEnd);
    this.tag(2, WIRE_LEN);
    this.uint32(anyBytes);
  }

  /** `src[start, end)` as it is (already encoded fields), with no length of its own. */
  raw(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.#ensure(n);
    const buf = this.#buf;
    if (n < 64) {
      let p = this.#pos;
      for (let i = start; i < end; i++) buf[p++] = src[i]!;
      this.#pos = p;
    } else {
      buf.set(src.subarray(start, end), this.#pos);
      this.#pos += n;
    }
  }

  /** Hex id as bytes; the caller guarantees valid hex (the Span model's invariant). */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.uint32(n);
    this.#ensure(n);
    if (!hexToBytes(hex, this.#buf, this.#pos)) throw new TypeError(`not a hex id: ${hex}`);
    this.#pos += n;
  }

  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.#ensure(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
  }

  /** `src[start, end)` as a length-delimited field body, copied without an intermediate view. */
  bytesOf(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.uint32(n);
    this.#ensure(n);
    Buffer.prototype.copy.call(src, this.#buf, this.#pos, start, end);
    this.#pos += n;
  }

  /**
   * Starts a length-delimited submessage; end it with join(). `reserve` is the length varint's
   * expected size in bytes (1: under 128 bytes, 2: under 16 KiB, 3: under 2 MiB): when right,
   * join() writes the length without moving the body; when wrong, it moves the body once.
   */
  fork(reserve = 1): void {
    this.#ensure(reserve);
    this.#forks.push(this.#pos * 4 + reserve);
    this.#pos += reserve;
  }

  join(): void {
    const fork = this.#forks.pop()!;
    const reserved = fork & 3;
    const lengthAt = (fork - reserved) / 4;
    const length = this.#pos - lengthAt - reserved;
    const size = varintSize(length);
    if (size !== reserved) {
      this.#ensure(size - reserved);
      this.#buf.copyWithin(lengthAt + size, lengthAt + reserved, this.#pos);
      this.#pos += size - reserved;
    }
    writeVarint(this.#buf, lengthAt, length);
  }

  /** Sets the one-byte length at lengthAt to `length`, moving the body right when it needs more bytes. */
  #fixLength(lengthAt: number, length: number): void {
    if (length < 0x80) {
      this.#buf[lengthAt] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.#ensure(extra);
    this.#buf.copyWithin(lengthAt + 1 + extra, lengthAt + 1, this.#pos);
    this.#pos += extra;
    writeVarint(this.#buf, lengthAt, length);
  }

  /** The bytes written so far, copied out; the writer may be reused after reset(). */
  finish(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#pos));
  }

  /** The bytes written so far, copied into an ArrayBuffer of their own (so it can be transferred to a thread). */
  finishOwned(): Uint8Array {
    return new Uint8Array(this.#buf.subarray(0, this.#pos));
  }

  /** Bytes written since the last reset(). */
  get length(): number {
    return this.#pos;
  }

  /** Drops the bytes written after `length` (a length read before them; no fork open since). */
  truncate(length: number): void {
    this.#pos = length;
  }

  reset(): void {
    this.#pos = 0;
    this.#forks.length = 0;
  }
}
