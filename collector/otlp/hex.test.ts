import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './hex.js';
import { decodeUtf8 } from './proto-reader.js';

describe('bytesToHex', () => {
  it('gives the lower-case hex of any range, ids and longer ones alike', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const [start, end] of [[0, 0], [3, 11], [5, 21], [0, 32], [0, 33], [7, 100]] as const) {
      expect(bytesToHex(bytes, start, end)).toBe(Buffer.from(bytes.subarray(start, end)).toString('hex'));
    }
  });

  it('reads a view at its own offset, and round-trips through hexToBytes', () => {
    const view = new Uint8Array(Buffer.from('00ff10abcdef0123456789', 'hex').buffer.slice(0), 0).subarray(2);
    const hex = bytesToHex(view, 1, 9);
    expect(hex).toBe(Buffer.from(view.subarray(1, 9)).toString('hex'));
    const back = new Uint8Array(8);
    expect(hexToBytes(hex, back, 0)).toBe(true);
    expect([...back]).toEqual([...view.subarray(1, 9)]);
  });
});

describe('decodeUtf8', () => {
  const bytes = (text: string) => new TextEncoder().encode(`xx${text}yy`);
  it('decodes short and long, ASCII and not, and the empty string', () => {
    for (const text of ['', 'nova-api', 'openstack.request_id_x', 'a'.repeat(24), 'b'.repeat(25), 'café', 'zürich-compute-node-0001', '↯'.repeat(30)]) {
      const b = bytes(text);
      expect(decodeUtf8(b, 2, b.length - 2)).toBe(text);
    }
  });

  it('replaces invalid UTF-8 in a short string as the long path does', () => {
    const b = Uint8Array.from([0x61, 0xff, 0x62]);
    expect(decodeUtf8(b, 0, 3)).toBe('a\uFFFDb');
  });
});
