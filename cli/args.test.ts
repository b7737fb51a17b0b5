import { describe, expect, it } from 'vitest';
import { intFlag, parseCommandArgs, stringFlag, UsageError } from './args.js';

describe('parseCommandArgs', () => {
  it('reads flags and positionals', () => {
    const args = parseCommandArgs(['req-1', '--api', 'http://x', '--json'], { api: { type: 'string' }, json: { type: 'boolean' } }, 1);
    expect(args.positionals).toEqual(['req-1']);
    expect(stringFlag(args, 'api')).toBe('http://x');
    expect(args.values.json).toBe(true);
  });

  it('names an unknown flag', () => {
    expect(() => parseCommandArgs(['--colour'], {}, 0)).toThrow(new UsageError("unknown option '--colour'"));
  });

  it('names a stray positional', () => {
    expect(() => parseCommandArgs(['a', 'b'], {}, 1)).toThrow("unexpected argument 'b'");
  });

  it('refuses a flag without its value', () => {
    expect(() => parseCommandArgs(['--api'], { api: { type: 'string' } }, 0)).toThrow(UsageError);
  });
});

describe('intFlag', () => {
  const parse = (value: string) => parseCommandArgs([`--limit=${value}`], { limit: { type: 'string' } }, 0);

  it('returns the fallback when absent', () => {
    expect(intFlag(parseCommandArgs([], { limit: { type: 'string' } }, 0), 'limit', 20)).toBe(20);
  });

  it('accepts an integer within range', () => {
    expect(intFlag(parse('50'), 'limit', 20, 100)).toBe(50);
  });

  it.each(['0', '-3', '2.5', 'ten', '1001'])('refuses %s with a message naming the flag', (value) => {
    expect(() => intFlag(parse(value), 'limit', 20, 1000)).toThrow(`--limit must be an integer from 1 to 1000, got '${value}'`);
  });
});
