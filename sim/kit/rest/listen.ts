import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, drops idle keep-alive connections, resolves when closed (safe twice). */
  close(): Promise<void>;
}

/** Listeners that serve an app in its place (see `serveAppAs`), by app. */
const listeners = new WeakMap<RequestListener, RequestListener>();

/**
 * Makes `listen(app)` serve `listener` instead of `app`: how `createServiceApp` applies the
 * component's `wrapRequestListener` hook while still returning the express app itself.
 */
export function serveAppAs(app: RequestListener, listener: RequestListener): void {
  listeners.set(app, listener);
}

/** What node:http calls for `app`: the listener given to `serveAppAs`, else `app` itself. */
export function requestListenerOf(app: RequestListener): RequestListener {
  return listeners.get(app) ?? app;
}

/**
 * Listens on `host:port` (port 0 = ephemeral); rejects when the port cannot be bound. Serves
 * `requestListenerOf(app)`.
 */
export function listen(app: RequestListener, host: string, port: number): Promise<Listening> {
  const server = createServer(requestListenerOf(app));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${bound}`,
        port: bound,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
