import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_AFTER_MS, withProgress } from './progress.js';
import { captureIO } from './testing/capture-io.js';

describe('withProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const slow = (ms: number) => () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), ms));

  it('stays silent for work under a second', async () => {
    const io = captureIO({ isTTY: true });
    const result = withProgress(io, 'fetching', slow(PROGRESS_AFTER_MS - 100));
    await vi.advanceTimersByTimeAsync(PROGRESS_AFTER_MS);
    await expect(result).resolves.toBe('done');
    expect(io.err()).toBe('');
    expect(io.out()).toBe('');
  });

  it('spins on a terminal after a second, then clears the line', async () => {
    const io = captureIO({ isTTY: true });
    const result = withProgress(io, 'fetching', slow(2000));
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toBe('done');
    expect(io.err()).toContain('⠋ fetching');
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
    expect(io.out()).toBe('');
  });

  it('prints one plain line when stderr is not a terminal', async () => {
    const io = captureIO({ isTTY: false });
    const result = withProgress(io, 'fetching', slow(3000));
    await vi.advanceTimersByTimeAsync(3000);
    await result;
    expect(io.err()).toBe('fetching…\n');
  });
});
