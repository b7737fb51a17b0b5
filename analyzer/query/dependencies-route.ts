/**
 * `GET /api/dependencies`: the component graph aggregated over flows that started in a window,
 * served in Jaeger's shape (one entry per parent → child, `callCount`) so the Jaeger UI's System
 * Architecture view works, with hoptrace's `errorCount` and hop `kinds` added. The window is
 * Jaeger's `endTs` and `lookback` (ms; default now and 24 h) or hoptrace's `since`/`until`.
 */
import type { Express } from 'express';
import { intParam, timeParam } from './params.js';
import { sendEnvelope } from './responses.js';
import type { FlowSource } from './source.js';

const DAY_MS = 24 * 3600 * 1000;

export function mountDependenciesRoute(app: Express, source: FlowSource): void {
  app.get('/api/dependencies', (req, res) => {
    const nowUs = Date.now() * 1000;
    const endUs = timeParam(req.query, 'until', nowUs) ?? (intParam(req.query, 'endTs', 0, Number.MAX_SAFE_INTEGER) ?? nowUs / 1000) * 1000;
    const sinceUs = timeParam(req.query, 'since', nowUs) ?? endUs - (intParam(req.query, 'lookback', 1, Number.MAX_SAFE_INTEGER) ?? DAY_MS) * 1000;
    const links = new Map<string, { parent: string; child: string; callCount: number; errorCount: number; kinds: string[] }>();
    for (const edge of source.reader.dependencies(sinceUs, endUs)) {
      const key = `${edge.from}\u0000${edge.to}`;
      const link = links.get(key) ?? { parent: edge.from, child: edge.to, callCount: 0, errorCount: 0, kinds: [] };
      link.callCount += edge.callCount;
      link.errorCount += edge.errorCount;
      if (!link.kinds.includes(edge.kind)) link.kinds.push(edge.kind);
      links.set(key, link);
    }
    sendEnvelope(res, [...links.values()]);
  });
}
