/**
 * The analyzer's HTTP API over fixture flows: flow routes serving hand-built flows, and the real
 * alerting module (shipped models, `/api/alerts…`, `/api/models…`, the SSE stream) evaluating
 * them, so the CLI and the web view can be tested at their HTTP boundary without the cloud. The
 * same commands run against the whole embedded pipeline in test/start.test.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Flow } from '../../core/flow.js';
import { createAlerting } from '../../analyzer/alert/index.js';
import type { Alerting } from '../../analyzer/alert/index.js';
import { webRouter } from '../../analyzer/web/router.js';

export interface FixtureApi {
  readonly url: string;
  readonly alerting: Alerting;
  /** Serves one more flow and evaluates it as completed (its alerts reach open streams). */
  add(flow: Flow): void;
  close(): Promise<void>;
}

export async function startFixtureApi(initial: readonly Flow[]): Promise<FixtureApi> {
  const flows: Flow[] = [];
  const alerting = createAlerting();
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
  alerting.routes(app);
  app.use(webRouter());
  const add = (flow: Flow) => {
    flows.push(flow);
    alerting.evaluate(flow, 'completed');
  };
  initial.forEach(add);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    alerting,
    add,
    async close() {
      await alerting.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
