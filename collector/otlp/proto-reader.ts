import { slicesOf } from './buffer-slices.js';
import { OtlpDecodeError } from './decode-error.js';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * A cursor over protobuf bytes. Every read checks bounds and throws OtlpDecodeError on truncated
 * or malformed input, so a decoder built on it never reads past the end nor loops forever.
 */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;

  constructor(buf: Uint8Array, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }

  fail(description: string): never {
    throw new OtlpDecodeError(`byte ${this.pos}`, description);
  }

  /** A varint of at most 32 significant bits (tags, lengths, enums); higher bits are dropped. */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= buf.length) this.fail('truncated varint');
      const b = buf[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    // Bytes 6-10 of a 64-bit varint: skip them, their bits do not fit.
    for (let i = 0; i < 5; i++) {
      if (pos >= buf.length) this.fail('truncated varint');
      if (buf[pos++]! < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint as a signed int64, returned as a number (exact up to 2^53, else rounded). */
  int64(): number {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let pos = this.pos;
    let shift = 0;
    for (let i = 0; i < 10; i++, shift += 7) {
      if (pos >= buf.length) this.fail('truncated varint');
      const b = buf[pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        this.pos = pos;
        return hi < 0 ? -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1) : hi * 4294967296 + (lo >>> 0);
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A fixed64 nanosecond timestamp as integer microseconds, exact (no float rounding). */
  fixed64NanosToMicros(): number {
    const lo = this.fixed32();
    const hi = this.fixed32();
    // ns = hi * 2^32 + lo = hi * 4294967 * 1000 + (hi * 296 + lo); every term stays below 2^53.
    return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  }

  fixed32(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos + 4 > buf.length) this.fail('truncated fixed32');
    this.pos = pos + 4;
    return (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
  }

  double(): number {
    const pos = this.pos;
    if (pos + 8 > this.buf.length) this.fail('truncated double');
    this.pos = pos + 8;
    return new DataView(this.buf.buffer, this.buf.byteOffset + pos, 8).getFloat64(0, true);
  }

  /** Reads a length prefix and returns the end offset of the field, checked against the buffer. */
  lengthEnd(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.buf.length) this.fail(`length ${len} runs past the end of the body`);
    return end;
  }

  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    return decodeUtf8(this.buf, start, end);
  }

  /** Skips one field of the given wire type (unknown fields are ignored, as proto3 requires). */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.VARINT:
        this.uint32();
        return;
      case WireType.I64:
        if (this.pos + 8 > this.buf.length) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case WireType.LEN:
        this.pos = this.lengthEnd();
        return;
      case WireType.I32:
        if (this.pos + 4 > this.buf.length) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** A nested message whose last field ran past its declared length is malformed. */
  checkEnd(end: number): void {
    if (this.pos !== end) this.fail('field runs past the end of its enclosing message');
  }

  /** Asserts the wire type a known field must have. */
  expect(wireType: number, actual: number, field: string): void {
    if (wireType !== actual) this.fail(`field ${field} has wire type ${actual}, expected ${wireType}`);
  }
}

/** Where a short string's bytes are gathered before one native call turns them into a string. */
const shortBytes = Buffer.allocUnsafe(24);

/**
 * UTF-8 decode. A short ASCII string (most keys and values) is checked and gathered in one pass
 * and made one flat string by a single native call, cheaper than TextDecoder's for a few bytes
 * and than a concatenation per character (which also leaves a chain of partial strings).
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start > shortBytes.length) return utf8.decode(buf.subarray(start, end));
  let at = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
    shortBytes[at++] = c;
  }
  return slicesOf(shortBytes).latin1Slice(0, at);
}
