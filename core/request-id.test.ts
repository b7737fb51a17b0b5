import { describe, expect, it } from 'vitest';
import { isValidRequestId, newRequestId } from './request-id.js';

describe('request ids', () => {
  it('mints ids that oslo.middleware would accept', () => {
    const id = newRequestId();
    expect(id).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(isValidRequestId(id)).toBe(true);
  });

  it('rejects upper-case hex, missing prefix and non-strings', () => {
    expect(isValidRequestId('req-6A76C6B8-6D0A-4C2F-9E6B-0B4C2F9E6B0B')).toBe(false);
    expect(isValidRequestId('6a76c6b8-6d0a-4c2f-9e6b-0b4c2f9e6b0b')).toBe(false);
    expect(isValidRequestId(42)).toBe(false);
  });
});
