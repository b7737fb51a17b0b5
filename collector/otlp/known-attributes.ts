import { ANALYZER_KEYS } from '../../core/attributes.js';
import { decodeProtoKey } from './key-cache.js';

/**
 * The attribute keys a lazily decoded protobuf span captures while its attributes are checked
 * (core/attributes.ts ANALYZER_KEYS: what the analyzer reads of every span): DecodedSpan.peekAttribute answers them from what was
 * captured, and the flow key is computed from them, without the span's map being built.
 */
export const KNOWN_KEYS: ReadonlySet<string> = new Set(ANALYZER_KEYS);

/** UTF-8 byte lengths that can spell a known key (each with or without a leading byte-order mark). */
const lengths = new Uint8Array(256);
for (const key of KNOWN_KEYS) {
  const n = Buffer.byteLength(key);
  lengths[n] = 1;
  lengths[n + 3] = 1;
}

/**
 * The known key spelled by `buf[start, end)`, decoded as the attribute map decodes keys (a
 * leading BOM dropped); undefined for any other key. Most keys are ruled out by their length.
 */
export function knownKeyAt(buf: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n >= lengths.length || lengths[n] === 0) return undefined;
  const key = decodeProtoKey(buf, start, end);
  return KNOWN_KEYS.has(key) ? key : undefined;
}
