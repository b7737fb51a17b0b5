/**
 * A raw node:http fast path in front of the Express query app for its hottest request,
 * `GET /api/flows/{requestId}` as JSON. It answers exactly what the Express route answers — 200
 * with the flow or 404 `{"error": {"status", "message"}}`, the same Content-Type, Content-Length
 * and weak ETag — without Express's routing, query parsing and per-response work, and counts the
 * answer like the app's counting middleware does.
 *
 * Everything else goes to Express untouched: other methods (HEAD included), any query string
 * (`?format=…`), paths with `%`-escapes, more segments or another spelling (`/API/flows/x`,
 * `/api/flows/x/`), conditional requests (If-None-Match, If-Modified-Since: Express answers 304),
 * and any request whose lookup throws (Express then answers the error in its shape).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { QueryCounters } from './app.js';
import { FlowBodies, weakEtag } from './flow-bodies.js';
import type { FlowSource } from './source.js';

const PREFIX = '/api/flows/';
const JSON_TYPE = 'application/json; charset=utf-8';

/** The request id when the fast path may answer this request; undefined otherwise. */
export function fastFlowRequestId(req: IncomingMessage): string | undefined {
  const url = req.url;
  if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX) || url.length === PREFIX.length) return undefined;
  for (let i = PREFIX.length; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x25 /* % */ || c === 0x23 /* # */) return undefined;
  }
  if (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) return undefined;
  return url.slice(PREFIX.length);
}

function send(res: ServerResponse, status: number, bytes: Buffer, etag: string): void {
  res.writeHead(status, ['Content-Type', JSON_TYPE, 'Content-Length', String(bytes.length), 'ETag', etag]);
  res.end(bytes);
}

/**
 * Wraps `app` (the Express query app) with the fast path. `counters` are the ones the app counts
 * into; `bodies` keeps encoded bodies between requests.
 */
export function withFlowFastPath(app: RequestListener, source: FlowSource, counters?: QueryCounters, bodies = new FlowBodies()): RequestListener {
  return (req, res) => {
    const requestId = fastFlowRequestId(req);
    if (requestId === undefined) return void app(req, res);
    let json: string | undefined;
    try {
      json = source.getFlowJson(requestId);
    } catch {
      return void app(req, res);
    }
    if (json === undefined) {
      const bytes = Buffer.from(JSON.stringify({ error: { status: 404, message: `no flow has request id ${requestId}` } }), 'utf8');
      send(res, 404, bytes, weakEtag(bytes));
      if (counters !== undefined) counters.clientErrors++;
      return;
    }
    const body = bodies.body(requestId, json);
    send(res, 200, body.bytes, body.etag);
    if (counters !== undefined) counters.ok++;
  };
}
