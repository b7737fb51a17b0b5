import { describe, expect, it } from 'vitest';
import { ANALYZER_KEYS } from '../../core/attributes.js';
import { knownKeyAt } from './known-attributes.js';

const at = (bytes: Buffer): string | undefined => knownKeyAt(bytes, 0, bytes.length);

describe('knownKeyAt', () => {
  it('recognises every key the analyzer reads, with or without a byte-order mark, inside a larger buffer', () => {
    for (const key of ANALYZER_KEYS) {
      expect(at(Buffer.from(key))).toBe(key);
      expect(at(Buffer.from(`\uFEFF${key}`))).toBe(key);
      const framed = Buffer.from(`xx${key}yy`);
      expect(knownKeyAt(framed, 2, framed.length - 2)).toBe(key);
    }
  });

  it('refuses other keys, including ones of a known key length with its first and last bytes', () => {
    for (const key of ANALYZER_KEYS) {
      expect(at(Buffer.from(`${key.slice(0, -1)}\u0001`))).toBeUndefined();
      if (key.length > 2) expect(at(Buffer.from(`${key[0]}${'~'.repeat(key.length - 2)}${key.at(-1)}`))).toBeUndefined();
    }
    for (const key of ['', 'test.attribute_1', 'x'.repeat(500)]) expect(at(Buffer.from(key))).toBeUndefined();
  });
});
