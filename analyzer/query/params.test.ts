import { describe, expect, it } from 'vitest';
import { BadRequest, durationParam, enumParam, intParam, parseGoDuration, parseRfc3339, timeParam } from './params.js';

describe('query parameters', () => {
  it('parses Go durations and refuses anything else', () => {
    expect(parseGoDuration('10ms')).toBe(10_000);
    expect(parseGoDuration('1.5s')).toBe(1_500_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(() => durationParam({ minDuration: 'fast' }, 'minDuration')).toThrow(new BadRequest('parameter minDuration must be a duration such as 10ms or 1.5s, got "fast"'));
  });

  it('parses RFC 3339 with nanoseconds to µs', () => {
    expect(parseRfc3339('2026-01-01T00:00:00.123456789Z')).toBe(Date.parse('2026-01-01T00:00:00Z') * 1000 + 123_456);
    expect(parseRfc3339('2026-01-01T01:00:00+01:00')).toBe(Date.parse('2026-01-01T00:00:00Z') * 1000);
    expect(parseRfc3339('yesterday')).toBeUndefined();
  });

  it('reads times as µs, RFC 3339 or a duration ago', () => {
    expect(timeParam({ since: '1700000000000000' }, 'since', 0)).toBe(1_700_000_000_000_000);
    expect(timeParam({ since: '15m' }, 'since', 1_000_000_000)).toBe(1_000_000_000 - 900_000_000);
    expect(timeParam({}, 'since', 0)).toBeUndefined();
    expect(() => timeParam({ since: 'soon' }, 'since', 0)).toThrow(/parameter since must be/);
  });

  it('bounds integers and enums with the parameter named', () => {
    expect(intParam({ limit: '5' }, 'limit', 1, 10)).toBe(5);
    expect(() => intParam({ limit: '0' }, 'limit', 1, 10)).toThrow('parameter limit must be an integer from 1 to 10, got "0"');
    expect(() => intParam({ limit: ['1', '2'] }, 'limit', 1, 10)).toThrow('parameter limit must be given once');
    expect(() => enumParam({ status: 'done' }, 'status', ['complete', 'failed'])).toThrow('parameter status must be one of complete, failed, got "done"');
  });
});
