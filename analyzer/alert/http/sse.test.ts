import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { SseHub } from './sse.js';

/** Just enough of an express Response for the hub: what it writes, and a settable backlog. */
class FakeResponse extends EventEmitter {
  writableLength = 0;
  written = '';
  ended = false;
  destroyed = false;
  headers: Record<string, string> = {};
  writeHead(_status: number, headers: Record<string, string>): this {
    this.headers = headers;
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

let hub: SseHub;
afterEach(() => hub.close());

const add = (filter?: (d: unknown) => boolean) => {
  const res = new FakeResponse();
  hub.add(res as unknown as Response, filter);
  return res;
};

describe('SseHub', () => {
  it('sends named events with ids to the clients whose filter accepts them', () => {
    hub = new SseHub(60_000, 1024);
    const all = add();
    const critical = add((d) => (d as { severity: string }).severity === 'critical');
    hub.send('alert', 'a1', { severity: 'warning' });
    expect(all.headers['content-type']).toBe('text/event-stream');
    expect(all.written).toBe('retry: 2000\n\nevent: alert\nid: a1\ndata: {"severity":"warning"}\n\n');
    expect(critical.written).toBe('retry: 2000\n\n');
  });

  it('drops a client that stopped reading instead of buffering without bound, and counts it', () => {
    hub = new SseHub(60_000, 1024);
    const slow = add();
    const fast = add();
    slow.writableLength = 4096;
    hub.send('alert', 'a1', { n: 1 });
    expect(slow.destroyed).toBe(true);
    expect(hub.clients).toBe(1);
    expect(hub.dropped).toBe(1);
    expect(fast.written).toContain('id: a1');
  });

  it('forgets clients that close, and ends the rest on close', () => {
    hub = new SseHub(60_000, 1024);
    const gone = add();
    const staying = add();
    gone.emit('close');
    expect(hub.clients).toBe(1);
    hub.close();
    expect(staying.ended).toBe(true);
    expect(hub.clients).toBe(0);
  });
});
