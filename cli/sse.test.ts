import { describe, expect, it } from 'vitest';
import { readEvents } from './sse.js';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readEvents(stream, new AbortController().signal)) events.push(event);
  return events;
}

describe('readEvents', () => {
  it('splits events across chunk boundaries and joins data lines', async () => {
    const events = await collect(streamOf('event: alert\nda', 'ta: {"a":1}\n\n: keep-alive\n\ndata: x\r\ndata: y\r\n\r\n'));
    expect(events).toEqual([
      { event: 'alert', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const never = new ReadableStream<Uint8Array>({ start() {} });
    const reading = (async () => {
      const seen = [];
      for await (const event of readEvents(never, controller.signal)) seen.push(event);
      return seen;
    })();
    controller.abort();
    await expect(reading).resolves.toEqual([]);
  });
});
