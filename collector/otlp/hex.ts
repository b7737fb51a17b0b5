/** Lower-case hex of bytes, the id form of the Span model. */
import { slicesOf } from './buffer-slices.js';

/** The two lower-case hex digits of each byte value, as character codes: byte b at [2b, 2b + 1]. */
const HEX_CODES = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const pair = b.toString(16).padStart(2, '0');
  HEX_CODES[2 * b] = pair.charCodeAt(0);
  HEX_CODES[2 * b + 1] = pair.charCodeAt(1);
}
/** Where the digits of an id are gathered before one native call turns them into a string. */
const digits = Buffer.allocUnsafe(64);

/**
 * Hex of `bytes[start, end)`. The digits are gathered and made one flat string by one native
 * call: a JavaScript concatenation per byte costs twice as much once the id is used as a key,
 * and leaves a chain of partial strings per id for the garbage collector.
 */
export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  if (2 * (end - start) > digits.length) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('hex');
  let at = 0;
  for (let i = start; i < end; i++) {
    const code = 2 * bytes[i]!;
    digits[at++] = HEX_CODES[code]!;
    digits[at++] = HEX_CODES[code + 1]!;
  }
  return slicesOf(digits).latin1Slice(0, at);
}

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[97 + i] = 10 + i;
  NIBBLE[65 + i] = 10 + i;
}

/**
 * Writes the bytes of an even-length hex string (either case) into `out` at `at`; returns false,
 * writing nothing meaningful, when the string is not hex. The caller has validated the length.
 */
export function hexToBytes(hex: string, out: Uint8Array, at: number): boolean {
  for (let i = 0; i < hex.length; i += 2) {
    const hi = hex.charCodeAt(i);
    const lo = hex.charCodeAt(i + 1);
    const h = hi < 128 ? NIBBLE[hi]! : -1;
    const l = lo < 128 ? NIBBLE[lo]! : -1;
    if (h < 0 || l < 0) return false;
    out[at + i / 2] = (h << 4) | l;
  }
  return true;
}
