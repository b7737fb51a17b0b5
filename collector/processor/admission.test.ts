import { describe, expect, it } from 'vitest';
import { isRetryableError } from '../../core/errors.js';
import { SpanSink } from '../testing/sink.js';
import { makeSpans } from '../testing/spans.js';
import { Admission } from './admission.js';
import { QueueFullError } from './queue-full-error.js';

describe('Admission (the bounded queue)', () => {
  it('refuses with a retryable QueueFullError past maxSpans, and admits again once drained', async () => {
    const sink = new SpanSink();
    const admission = new Admission(sink, { maxSpans: 5, retryAfterMs: 1500 });
    sink.hold();
    const first = admission.consume(makeSpans(4));
    expect(admission.depth).toBe(4);
    const refusal = await admission.consume(makeSpans(2)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(QueueFullError);
    expect(isRetryableError(refusal) && refusal.retryAfterMs).toBe(1500);
    sink.release();
    await first;
    expect(admission.depth).toBe(0);
    await admission.consume(makeSpans(2));
    expect(sink.spans).toHaveLength(6);
  });

  it('admits one request larger than the limit when nothing else is in flight', async () => {
    const sink = new SpanSink();
    await new Admission(sink, { maxSpans: 2, retryAfterMs: 1 }).consume(makeSpans(10));
    expect(sink.spans).toHaveLength(10);
  });

  it('releases capacity when the downstream consume fails', async () => {
    const sink = new SpanSink();
    sink.failWith = new Error('boom');
    const admission = new Admission(sink, { maxSpans: 5, retryAfterMs: 1 });
    await expect(admission.consume(makeSpans(3))).rejects.toThrow('boom');
    expect(admission.depth).toBe(0);
  });
});
