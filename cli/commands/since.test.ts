import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { parseSince } from './since.js';

describe('parseSince', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('turns a relative duration into µs since the epoch', () => {
    expect(parseSince('10m', now)).toBe((now - 600_000) * 1000);
    expect(parseSince('2h', now)).toBe((now - 7_200_000) * 1000);
  });

  it('accepts an ISO 8601 time', () => {
    expect(parseSince('2026-01-01T11:00:00Z', now)).toBe(Date.UTC(2026, 0, 1, 11) * 1000);
  });

  it.each(['yesterday', '10', '5w', ''])('refuses %j', (value) => {
    expect(() => parseSince(value, now)).toThrow(UsageError);
  });
});
