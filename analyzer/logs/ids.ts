/**
 * Deterministic ids for log-built spans, so ingesting the same logs twice yields the same spans
 * (the analyzer deduplicates on trace id + span id). A non-cryptographic 128-bit hash (two
 * independent 64-bit lanes of a multiply-xorshift mix) is plenty: ids only need to be stable and
 * practically collision-free, and this runs once per record.
 */

function lane(text: string, seed: number): [number, number] {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 8 hex characters of an unsigned 32-bit number (a table beats toString + padStart here). */
function hex8(n: number): string {
  return BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 0xff]! + BYTE_HEX[(n >>> 8) & 0xff]! + BYTE_HEX[n & 0xff]!;
}

/** 16 hex characters, never all zero. */
export function spanIdFor(text: string): string {
  const [a, b] = lane(text, 0x9e3779b9);
  return nonZero(hex8(a) + hex8(b));
}

/** 32 hex characters, never all zero. */
export function traceIdFor(text: string): string {
  const [a, b] = lane(text, 0x85ebca6b);
  const [c, d] = lane(text, 0xc2b2ae35);
  return nonZero(hex8(a) + hex8(b) + hex8(c) + hex8(d));
}

function nonZero(id: string): string {
  return id.charCodeAt(0) === 0x30 && /^0+$/.test(id) ? id.slice(0, -1) + '1' : id;
}
