import { describe, expect, it } from 'vitest';
import { ByteLru, SecondHitLru } from './byte-lru.js';

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

describe('SecondHitLru', () => {
  it('keeps a value only from the second offer of its key on, and replaces it on later offers', () => {
    const lru = new SecondHitLru<string>(100, 2);
    lru.offer('a', 'A1', 1);
    expect(lru.get('a')).toBeUndefined();
    lru.offer('a', 'A2', 1);
    expect(lru.get('a')).toBe('A2');
    lru.offer('a', 'A3', 1);
    expect(lru.get('a')).toBe('A3');
    lru.delete('a');
    expect(lru.size).toBe(0);
  });

  it('forgets offered keys beyond rememberedKeys, so a rare second read keeps nothing', () => {
    const lru = new SecondHitLru<string>(100, 2);
    for (const key of ['a', 'b', 'c']) lru.offer(key, key, 1);
    lru.offer('a', 'a', 1);
    expect(lru.get('a')).toBeUndefined();
    lru.offer('c', 'c', 1);
    expect(lru.get('c')).toBe('c');
    lru.clear();
    expect(lru.get('c')).toBeUndefined();
  });
});
