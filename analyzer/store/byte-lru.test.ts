import { describe, expect, it } from 'vitest';
import { ByteLru } from './byte-lru.js';

describe('ByteLru', () => {
  it('evicts the least recently used values once the byte budget is exceeded', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A');
    lru.set('c', 'C', 4);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.bytes).toBe(8);
  });

  it('replaces a value under the same key and counts only the new size', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('a', 'A2', 6);
    expect(lru.get('a')).toBe('A2');
    expect(lru).toMatchObject({ size: 1, bytes: 6 });
  });

  it('never keeps a value larger than the whole budget, and keeps nothing with a zero budget', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('huge', 'H', 11);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    const none = new ByteLru<string>(0);
    none.set('a', 'A', 1);
    expect(none.size).toBe(0);
  });

  it('deletes and clears with the byte count following', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    lru.delete('a');
    lru.delete('missing');
    expect(lru).toMatchObject({ size: 1, bytes: 4 });
    lru.clear();
    expect(lru).toMatchObject({ size: 0, bytes: 0 });
  });
});
