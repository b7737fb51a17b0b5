import { describe, expect, it } from 'vitest';
import { isValidSpanId, isValidTraceId } from './span.js';

/** The definition the validators implement, as a regular expression. */
const definition = (id: string, length: number): boolean => new RegExp(`^[0-9a-f]{${length}}$`).test(id) && id !== '0'.repeat(length);

describe('span id validators', () => {
  it('accept lower-case hex of the exact length, not all zero', () => {
    expect(isValidTraceId('0af7651916cd43dd8448eb211c80319c')).toBe(true);
    expect(isValidTraceId('00000000000000000000000000000001')).toBe(true);
    expect(isValidSpanId('b7ad6b7169203331')).toBe(true);
  });

  it('refuse zero, upper case, other lengths and other characters', () => {
    for (const bad of ['0'.repeat(32), '0AF7651916CD43DD8448EB211C80319C', '0af7651916cd43dd8448eb211c80319', '0af7651916cd43dd8448eb211c80319c0', 'g'.repeat(32), ' '.repeat(32), '']) {
      expect(isValidTraceId(bad)).toBe(false);
    }
    for (const bad of ['0'.repeat(16), 'B7AD6B7169203331', 'b7ad6b716920333', 'b7ad6b7169203331\n', 'b7ad6b71692033/1', 'b7ad6b71692033:1', 'b7ad6b71692033`1']) {
      expect(isValidSpanId(bad)).toBe(false);
    }
  });

  it('agree with the regular-expression definition on 20 000 random near-hex strings', () => {
    const alphabet = '0123456789abcdefABCDEF/:`g0';
    let seed = 42;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const length = [15, 16, 17, 31, 32, 33][rand(6)]!;
      const zeroish = rand(4) === 0;
      let id = '';
      for (let k = 0; k < length; k++) id += zeroish && rand(8) !== 0 ? '0' : alphabet[rand(alphabet.length)];
      expect(isValidTraceId(id)).toBe(definition(id, 32));
      expect(isValidSpanId(id)).toBe(definition(id, 16));
    }
  });
});
