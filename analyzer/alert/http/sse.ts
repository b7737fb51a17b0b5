import type { Response } from 'express';

interface Client {
  readonly res: Response;
  readonly accepts: (data: unknown) => boolean;
}

/**
 * Server-sent events to any number of clients. A write to a slow client is never awaited: if its
 * socket buffer is over `maxBufferedBytes` the client is dropped (counted) rather than letting
 * memory grow or blocking evaluation. A comment line every `heartbeatMs` keeps proxies open.
 */
export class SseHub {
  readonly #clients = new Set<Client>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #maxBuffered: number;
  #dropped = 0;

  constructor(heartbeatMs = 15_000, maxBufferedBytes = 1 << 20) {
    this.#maxBuffered = maxBufferedBytes;
    this.#heartbeat = setInterval(() => this.#write(': keep-alive\n\n'), heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Takes over `res` as an event stream until the client goes away or the hub closes. */
  add(res: Response, accepts: (data: unknown) => boolean = () => true): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const client = { res, accepts };
    this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
  }

  /** Sends one event to every client that accepts `data`; with no client, it costs nothing (not even the JSON). */
  send(event: string, id: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const frame = `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.#clients) if (c.accepts(data)) this.#writeTo(c, frame);
  }

  get clients(): number {
    return this.#clients.size;
  }

  get dropped(): number {
    return this.#dropped;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
  }

  #write(frame: string): void {
    for (const c of this.#clients) this.#writeTo(c, frame);
  }

  #writeTo(c: Client, frame: string): void {
    if (c.res.writableLength > this.#maxBuffered) {
      this.#dropped++;
      this.#clients.delete(c);
      c.res.destroy();
      return;
    }
    c.res.write(frame);
  }
}
