/**
 * A stand-in for the analyzer's HTTP API (flows, alerts, the alert stream) serving fixture flows,
 * so the CLI and the web view can be tested at their HTTP boundary on their own. The same
 * commands run against the real analyzer in test/start.test.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Response } from 'express';
import type { Flow } from '../../core/flow.js';
import { webRouter } from '../../analyzer/web/router.js';
import type { AlertView } from '../text/alert-view.js';

export interface FixtureApi {
  readonly url: string;
  /** Adds an alert and pushes it to every open stream. */
  raise(alert: AlertView): void;
  close(): Promise<void>;
}

export async function startFixtureApi(flows: readonly Flow[], alerts: AlertView[] = []): Promise<FixtureApi> {
  const streams = new Set<Response>();
  const app = express();
  app.get('/api/flows', (req, res) => {
    const operation = req.query.operation;
    res.json({ flows: flows.filter((flow) => operation === undefined || flow.operation === operation) });
  });
  app.get('/api/flows/:id', (req, res) => {
    const flow = flows.find((candidate) => candidate.aliases.includes(req.params.id));
    if (!flow) return void res.status(404).json({ error: `no flow with request id '${req.params.id}'` });
    if (req.query.format === 'dot') return void res.type('text/vnd.graphviz').send(`digraph flow {\n${flow.graph.edges.map((e) => `  "${e.from}" -> "${e.to}";`).join('\n')}\n}\n`);
    res.json(flow);
  });
  app.get('/api/alerts', (_req, res) => res.json({ alerts }));
  app.get('/api/alerts/stream', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  });
  app.use(webRouter());
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    raise(alert) {
      alerts.push(alert);
      for (const stream of streams) stream.write(`event: alert\ndata: ${JSON.stringify(alert)}\n\n`);
    },
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
