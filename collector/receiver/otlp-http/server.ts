import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectorMetrics } from '../../metrics.js';
import type { SpanConsumer } from '../../../core/consumer.js';
import { CONTENT_TYPE, statusBody } from '../../otlp/response.js';
import { ByteBudget } from './byte-budget.js';
import { answerEncodingOf } from './content-type.js';
import { MethodNotAllowedError, NotFoundError } from './errors.js';
import { handleExport } from './export-handler.js';
import type { DecodePlan, ExportDeps } from './export-handler.js';
import { errorAnswer } from './status.js';

export interface ReceiverOptions {
  readonly host: string;
  readonly port: number;
  /** The export path. */
  readonly tracesPath: string;
  readonly maxBodyBytes: number;
  /** Request bytes held at once across all requests (see ByteBudget). */
  readonly maxInFlightBytes: number;
}

export interface ReceiverDeps {
  readonly pipeline: SpanConsumer;
  readonly metrics: CollectorMetrics;
  /** true while the collector can take spans (started, not shutting down, exporter ready). */
  readonly ready: () => boolean;
  /** How protobuf bodies are decoded (see ExportDeps.decoding). */
  readonly decoding: DecodePlan;
}

export interface Receiver {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  /** Stops accepting connections and waits for in-flight requests to be answered. */
  close(): Promise<void>;
}

/**
 * The OTLP/HTTP receiver: `POST <tracesPath>` plus `GET /health` (liveness), `GET /ready`
 * (readiness: 503 while not ready) and `GET /metrics` (Prometheus).
 */
export async function startReceiver(options: ReceiverOptions, deps: ReceiverDeps): Promise<Receiver> {
  const budget = new ByteBudget(options.maxInFlightBytes);
  deps.metrics.gauge('hoptrace_collector_receiver_bytes_in_flight', () => budget.used);
  const exportDeps: ExportDeps = { pipeline: deps.pipeline, metrics: deps.metrics, maxBodyBytes: options.maxBodyBytes, budget, decoding: deps.decoding };
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => route(req, res, options, deps, exportDeps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}

function route(req: IncomingMessage, res: ServerResponse, options: ReceiverOptions, deps: ReceiverDeps, exportDeps: ExportDeps): void {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const method = req.method ?? 'GET';
  if (path === options.tracesPath) {
    if (method === 'POST') {
      void handleExport(req, res, exportDeps);
    } else refuse(req, res, new MethodNotAllowedError(method, path), deps, { allow: 'POST' });
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (path === '/health') return text(res, 200, 'application/json', '{"status":"ok"}\n');
    if (path === '/ready') {
      const ready = deps.ready();
      return text(res, ready ? 200 : 503, 'application/json', `{"status":"${ready ? 'ready' : 'not ready'}"}\n`);
    }
    if (path === '/metrics') return text(res, 200, 'text/plain; version=0.0.4; charset=utf-8', deps.metrics.prometheus());
  }
  refuse(req, res, new NotFoundError(method, path), deps);
}

function refuse(req: IncomingMessage, res: ServerResponse, error: Error, deps: ReceiverDeps, headers: Record<string, string> = {}): void {
  req.resume();
  const answer = errorAnswer(error);
  const encoding = answerEncodingOf(req.headers['content-type']);
  deps.metrics.add('hoptrace_collector_requests_total', 1, { code: String(answer.status) });
  deps.metrics.add('hoptrace_collector_requests_refused_total', 1, { reason: answer.reason });
  const body = statusBody(encoding, answer.grpcCode, answer.message);
  res.writeHead(answer.status, { ...headers, 'content-type': CONTENT_TYPE[encoding], 'content-length': body.length });
  res.end(body);
}

function text(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Stops listening and resolves once every connection is gone: idle keep-alive connections are
 * closed at once, busy ones as soon as their response is sent (checked every 20 ms).
 */
function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
