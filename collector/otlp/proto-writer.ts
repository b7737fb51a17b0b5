import { hexToBytes } from './hex.js';

const EMPTY = Buffer.alloc(0);

/**
 * An append-only protobuf writer into one growing buffer. Length-delimited fields are written
 * in place: `fork()` reserves one length byte, `join()` fills it in and, for bodies of 128 bytes
 * or more, shifts the body right to fit the longer varint (a memmove, not a copy per level).
 */
export class ProtoWriter {
  #buf: Buffer;
  #pos = 0;
  readonly #forks: number[] = [];
  readonly #initialBytes: number;

  constructor(initialBytes = 64 * 1024) {
    this.#initialBytes = Math.max(64, initialBytes);
    this.#buf = Buffer.allocUnsafe(this.#initialBytes);
  }

  /** Bytes written so far (since the last reset() or detach()). */
  get length(): number {
    return this.#pos;
  }

  #ensure(extra: number): void {
    if (this.#pos + extra <= this.#buf.length) return;
    let size = Math.max(this.#initialBytes, this.#buf.length * 2);
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

  /** Starts a length-delimited submessage; end it with join(). */
  fork(): void {
    this.#ensure(1);
    this.#forks.push(this.#pos++);
  }

  /**
   * Ends the submessage of the last fork() and returns where its body now starts. Offsets taken
   * inside an open fork move when it joins (a long body shifts right); offsets returned by a
   * join at the outermost level, or taken outside every fork, are final.
   */
  join(): number {
    const lengthAt = this.#forks.pop()!;
    return this.#fixLength(lengthAt, this.#pos - lengthAt - 1);
  }

  /** Writes `length` as the varint at lengthAt, shifting what follows; returns where the body starts. */
  #fixLength(lengthAt: number, length: number): number {
    if (length < 0x80) {
      this.#buf[lengthAt] = length;
      return lengthAt + 1;
    }
    let extra = 1;
    while (length >= 1 << (7 * (extra + 1)) && extra < 4) extra++;
    this.#ensure(extra);
    this.#buf.copyWithin(lengthAt + 1 + extra, lengthAt + 1, this.#pos);
    this.#pos += extra;
    let v = length;
    let at = lengthAt;
    while (v >= 0x80) {
      this.#buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.#buf[at] = v;
    return lengthAt + 1 + extra;
  }

  /** The bytes written so far, copied out; the writer may be reused after reset(). */
  finish(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#pos));
  }

  /**
   * The bytes written so far without a copy; the writer then starts over on a new buffer
   * (allocated on its next write), so the returned bytes never change.
   */
  detach(): Buffer {
    const out = this.#buf.subarray(0, this.#pos);
    this.#buf = EMPTY;
    this.reset();
    return out;
  }

  reset(): void {
    this.#pos = 0;
    this.#forks.length = 0;
  }
}
