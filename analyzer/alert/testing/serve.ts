import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Alerting } from '../alerting.js';

/** Serves an alerting's routes on 127.0.0.1, port 0; returns the base URL and a close function. */
export async function serveAlerting(alerting: Alerting): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  alerting.routes(app);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
