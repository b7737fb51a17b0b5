import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../core/errors.js';
import { SpanSink } from '../testing/sink.js';
import { makeSpans } from '../testing/spans.js';
import { BatchProcessor } from './batch.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BatchProcessor', () => {
  it('joins requests arriving within the timeout into one batch, in arrival order', async () => {
    const sink = new SpanSink();
    const batch = new BatchProcessor(sink, { maxSpans: 100, timeoutMs: 20 });
    await Promise.all([batch.consume(makeSpans(3, 1, 0)), batch.consume(makeSpans(3, 1, 3))]);
    expect(sink.batches).toHaveLength(1);
    expect(sink.spans.map((s) => s.attributes['test.index'])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('hands a batch on as soon as it reaches maxSpans, without waiting for the timeout', async () => {
    const sink = new SpanSink();
    const batch = new BatchProcessor(sink, { maxSpans: 4, timeoutMs: 60_000 });
    await batch.consume(makeSpans(5));
    expect(sink.batches).toHaveLength(1);
  });

  it('resolves a caller only when its batch was consumed, and rejects it when that failed', async () => {
    const sink = new SpanSink();
    const batch = new BatchProcessor(sink, { maxSpans: 100, timeoutMs: 0 });
    sink.hold();
    let settled = false;
    const pending = batch.consume(makeSpans(2)).finally(() => (settled = true));
    await tick(20);
    expect(settled).toBe(false);
    sink.release();
    await pending;
    sink.failWith = new RetryableError('down');
    await expect(batch.consume(makeSpans(1))).rejects.toThrow('down');
  });

  it('keeps one batch downstream at a time; spans arriving meanwhile form the next batch', async () => {
    const sink = new SpanSink();
    const batch = new BatchProcessor(sink, { maxSpans: 1000, timeoutMs: 0 });
    sink.hold();
    const first = batch.consume(makeSpans(1, 1, 0));
    await tick();
    const rest = [1, 2, 3].map((i) => batch.consume(makeSpans(1, 1, i)));
    await tick(10);
    expect(sink.batches).toHaveLength(0);
    sink.release();
    await Promise.all([first, ...rest]);
    expect(sink.batches.map((b) => b.length)).toEqual([1, 3]);
    expect(sink.spans.map((s) => s.attributes['test.index'])).toEqual([0, 1, 2, 3]);
  });

  it('flush() hands on what is pending and waits for it', async () => {
    const sink = new SpanSink();
    const batch = new BatchProcessor(sink, { maxSpans: 1000, timeoutMs: 60_000 });
    const pending = batch.consume(makeSpans(2));
    await batch.flush();
    expect(sink.spans).toHaveLength(2);
    await pending;
  });
});
