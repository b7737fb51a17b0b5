import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './proto-writer.js';

/** Field 1, wire type LEN, then the body's length as a minimal varint, then the body. */
function expected(body: Buffer): Buffer {
  const length: number[] = [];
  let v = body.length;
  while (v >= 0x80) {
    length.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  length.push(v);
  return Buffer.concat([Buffer.from([0x0a, ...length]), body]);
}

describe('ProtoWriter fork/join', () => {
  it('writes the minimal length varint whatever size fork() reserved, moving the body when needed', () => {
    for (const size of [0, 1, 127, 128, 300, 16_383, 16_384, 70_000, 2_097_151, 2_097_152]) {
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i++) body[i] = (i * 7) & 0xff;
      for (const reserve of [1, 2, 3]) {
        const w = new ProtoWriter(64);
        w.tag(1, 2);
        w.fork(reserve);
        for (let i = 0; i < size; i += 4096) w.bytesOf(body, i, Math.min(size, i + 4096));
        w.join();
        const chunks = Math.ceil(size / 4096);
        // bytesOf adds a length prefix per chunk: rebuild the body the writer saw.
        const seen = Buffer.concat(Array.from({ length: chunks }, (_, c) => {
          const chunk = body.subarray(c * 4096, Math.min(size, (c + 1) * 4096));
          return expected(chunk).subarray(1);
        }));
        expect(w.finish().equals(expected(seen)), `size ${size}, reserve ${reserve}`).toBe(true);
      }
    }
  });

  it('nests submessages with different reserves', () => {
    const w = new ProtoWriter(16);
    w.tag(1, 2);
    w.fork(2);
    w.tag(1, 2);
    w.fork(1);
    w.string('x'.repeat(200));
    w.join();
    w.join();
    const inner = expected(Buffer.concat([Buffer.from([200, 1]), Buffer.from('x'.repeat(200))]));
    expect(w.finish().equals(expected(inner))).toBe(true);
  });
});
