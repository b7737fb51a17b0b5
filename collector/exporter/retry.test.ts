import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../core/errors.js';
import { consumerFrom } from '../../core/consumer.js';
import { makeSpans } from '../testing/spans.js';
import { withRetry } from './retry.js';

const fast = { initialIntervalMs: 1, maxIntervalMs: 4, maxElapsedMs: 2000 };

describe('withRetry', () => {
  it('retries retryable failures until success, counting each retry', async () => {
    let calls = 0;
    let retried = 0;
    const flaky = consumerFrom(() => {
      if (++calls < 3) throw new RetryableError('not yet');
    });
    await withRetry(flaky, fast, () => retried++).consume(makeSpans(1));
    expect([calls, retried]).toEqual([3, 2]);
  });

  it('never retries a PermanentError', async () => {
    let calls = 0;
    const broken = consumerFrom(() => {
      calls++;
      throw new PermanentError('never');
    });
    await expect(withRetry(broken, fast).consume(makeSpans(1))).rejects.toBeInstanceOf(PermanentError);
    expect(calls).toBe(1);
  });

  it('gives up after maxElapsedMs with a RetryableError, wrapping plain errors', async () => {
    const down = consumerFrom(() => {
      throw new Error('ECONNREFUSED');
    });
    const error = await withRetry(down, { ...fast, maxElapsedMs: 30 }).consume(makeSpans(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('maxElapsedMs 0 disables retrying', async () => {
    let calls = 0;
    const down = consumerFrom(() => {
      calls++;
      throw new RetryableError('down');
    });
    await expect(withRetry(down, { ...fast, maxElapsedMs: 0 }).consume(makeSpans(1))).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});
