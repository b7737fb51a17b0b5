import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { webRouter } from './router.js';
import type { WebViewOptions } from './router.js';

let server: Server | undefined;

async function serve(options?: WebViewOptions): Promise<string> {
  const app = express();
  app.use(webRouter(options));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('webRouter', () => {
  it('serves the flows list at / and the flow page at /flows/:id', async () => {
    const url = await serve();
    const list = await fetch(`${url}/`);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await list.text()).toContain('/web/static/flows-page.js');
    const flow = await (await fetch(`${url}/flows/req-1`)).text();
    expect(flow).toContain('/web/vendor/cytoscape.min.js');
    expect(flow).toContain('/web/static/flow-page.js');
  });

  it('serves the graph library from node_modules as JavaScript', async () => {
    const url = await serve();
    for (const file of ['cytoscape.min.js', 'cytoscape-dagre.min.js']) {
      const response = await fetch(`${url}/web/vendor/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect((await response.text()).length).toBeGreaterThan(10_000);
    }
  });

  it('answers 404 for unknown vendor and static files', async () => {
    const url = await serve();
    const vendor = await fetch(`${url}/web/vendor/jquery.js`);
    expect(vendor.status).toBe(404);
    expect(await vendor.json()).toEqual({ error: "no vendor file 'jquery.js'" });
    expect((await fetch(`${url}/web/static/nope.js`)).status).toBe(404);
    expect((await fetch(`${url}/web/static/../router.ts`)).status).toBe(404);
  });

  it('tells the pages where Jaeger is, or that it is not configured', async () => {
    expect(await (await fetch(`${await serve()}/web/config.json`)).json()).toEqual({ jaegerUiUrl: null });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    expect(await (await fetch(`${await serve({ jaegerUiUrl: 'http://127.0.0.1:16687/' })}/web/config.json`)).json()).toEqual({ jaegerUiUrl: 'http://127.0.0.1:16687' });
  });
});
