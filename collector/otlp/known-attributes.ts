import { ANALYZER_KEYS } from '../../core/attributes.js';
import { decodeProtoKey } from './key-cache.js';

/**
 * The attribute keys a lazily decoded protobuf span captures while its attributes are checked
 * (core/attributes.ts ANALYZER_KEYS: what the analyzer reads of every span): DecodedSpan.peekAttribute answers them from what was
 * captured, and the flow key is computed from them, without the span's map being built.
 */
export const KNOWN_KEYS: ReadonlySet<string> = new Set(ANALYZER_KEYS);

/**
 * Which (byte length, first byte) and (byte length, last byte) pairs can spell a known key (each
 * with or without a leading byte-order mark): most keys are ruled out by these two lookups,
 * without being hashed or decoded.
 */
const MAX_KNOWN_BYTES = 128;
const firstBytes = new Uint8Array(MAX_KNOWN_BYTES * 256);
const lastBytes = new Uint8Array(MAX_KNOWN_BYTES * 256);
for (const key of KNOWN_KEYS) {
  const bytes = Buffer.from(key);
  const n = bytes.length;
  const last = bytes[n - 1]!;
  firstBytes[n * 256 + bytes[0]!] = 1;
  lastBytes[n * 256 + last] = 1;
  firstBytes[(n + 3) * 256 + 0xef] = 1;
  lastBytes[(n + 3) * 256 + last] = 1;
}

/**
 * The known key spelled by `buf[start, end)`, decoded as the attribute map decodes keys (a
 * leading BOM dropped); undefined for any other key. Most keys are ruled out by their length and
 * first and last bytes.
 */
export function knownKeyAt(buf: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n <= 0 || n >= MAX_KNOWN_BYTES || firstBytes[n * 256 + buf[start]!] === 0 || lastBytes[n * 256 + buf[end - 1]!] === 0) return undefined;
  const key = decodeProtoKey(buf, start, end);
  return KNOWN_KEYS.has(key) ? key : undefined;
}
