/** Lower-case hex of bytes, the id form of the Span model. */

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hex of `bytes[start, end)`. Cost: one string concatenation per byte (ids are 8 or 16 bytes). */
export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += BYTE_HEX[bytes[i]!]!;
  return out;
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
