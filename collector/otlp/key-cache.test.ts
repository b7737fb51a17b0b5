import { describe, expect, it } from 'vitest';
import { keyCache } from './key-cache.js';

const plain = (buf: Uint8Array, start: number, end: number): string => Buffer.from(buf.subarray(start, end)).toString('utf8');

describe('attribute key cache', () => {
  it('returns what the decoder returns, for thousands of keys competing for its slots', () => {
    const decode = keyCache(plain);
    const keys = Array.from({ length: 20_000 }, (_, i) => `key.${i % 7 === 0 ? 'ü' : ''}${i}`);
    for (let round = 0; round < 2; round++) {
      for (const key of keys) {
        const bytes = Buffer.from(`xx${key}yy`);
        expect(decode(bytes, 2, bytes.length - 2)).toBe(key);
      }
    }
  });

  it('hands out the same string for the same bytes, decoding them once', () => {
    let calls = 0;
    const decode = keyCache((buf, start, end) => {
      calls++;
      return plain(buf, start, end);
    });
    const a = decode(Buffer.from('http.route'), 0, 10);
    const b = decode(Buffer.from('..http.route'), 2, 12);
    expect(b).toBe(a);
    expect(calls).toBe(1);
  });

  it('keeps its own copy of the bytes, so a reused body cannot change a remembered key', () => {
    const decode = keyCache(plain);
    const body = Buffer.from('service.name');
    expect(decode(body, 0, body.length)).toBe('service.name');
    body.write('servicX.name');
    expect(decode(body, 0, body.length)).toBe('servicX.name');
  });

  it('decodes keys longer than it remembers every time, exactly', () => {
    const decode = keyCache(plain);
    const long = 'k'.repeat(200);
    const bytes = Buffer.from(long);
    expect(decode(bytes, 0, bytes.length)).toBe(long);
    expect(decode(bytes, 0, bytes.length)).toBe(long);
  });
});
