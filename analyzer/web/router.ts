import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Router } from 'express';

/** Options of the web view. */
export interface WebViewOptions {
  /**
   * The Jaeger UI's base address (`http://127.0.0.1:16687`). When set, each flow page links to
   * `<jaegerUiUrl>/trace/<traceId>` for each of the flow's trace ids; when absent there is no link.
   */
  readonly jaegerUiUrl?: string;
}

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
const require = createRequire(import.meta.url);

/** The graph library's browser builds, served from node_modules (the browser has no internet). */
const VENDOR: Readonly<Record<string, string>> = {
  'cytoscape.min.js': require.resolve('cytoscape/dist/cytoscape.min.js'),
  'cytoscape-dagre.min.js': join(dirname(require.resolve('cytoscape-dagre/package.json')), 'dist', 'cytoscape-dagre.min.js'),
};

/**
 * The web view as an express router, mounted at the root of the analyzer's HTTP server (through
 * `startAnalyzer`'s `routes`). Pages are static; they read the analyzer's own API
 * (`/api/flows…`, `/api/alerts…`) from the browser, so the router needs no access to the store.
 *
 *   GET /                  recent flows
 *   GET /flows/:id         one flow: call graph, hops, timeline, alerts
 *   GET /web/config.json   {jaegerUiUrl}
 *   GET /web/static/*      the pages' scripts and styles
 *   GET /web/vendor/*      cytoscape and cytoscape-dagre
 */
export function webRouter(options: WebViewOptions = {}): Router {
  const router = express.Router();
  const config = Object.freeze({ jaegerUiUrl: options.jaegerUiUrl?.replace(/\/+$/, '') ?? null });
  router.get('/', (_req, res) => res.sendFile(join(STATIC_DIR, 'index.html')));
  router.get('/flows/:id', (_req, res) => res.sendFile(join(STATIC_DIR, 'flow.html')));
  router.get('/web/config.json', (_req, res) => res.json(config));
  router.get('/web/vendor/:file', (req, res) => {
    const file = VENDOR[req.params.file];
    if (!file) return void res.status(404).json({ error: `no vendor file '${req.params.file}'` });
    res.type('application/javascript').set('cache-control', 'max-age=3600').sendFile(file);
  });
  router.use('/web/static', express.static(STATIC_DIR, { index: false, fallthrough: false }));
  return router;
}
