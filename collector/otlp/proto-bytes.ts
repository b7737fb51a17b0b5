/** Byte-level helpers of ProtoWriter: varint sizes and writes, ASCII copies. */

/** Bytes of `value` (a safe integer) as an int64 varint. */
export function int64Size(value: number): number {
  if (value < 0) return 10;
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/** Bytes of a uint32 varint. */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** `value` (a uint32) as a varint at `at`. */
export function writeVarint(buf: Buffer, at: number, value: number): void {
  let v = value;
  while (v >= 0x80) {
    buf[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[at] = v;
}

/** Copies ASCII `text` into `buf` at `at`; returns the end, or -1 at the first non-ASCII char. */
export function asciiInto(buf: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return -1;
    buf[at + i] = c;
  }
  return at + text.length;
}
