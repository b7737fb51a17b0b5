import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readOtlpJson } from './otlp-json.js';
import type { ReceivedSpan } from './otlp-json.js';

/** One request as the test receiver got it. */
export interface ReceivedRequest {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * A tiny OTLP/HTTP endpoint for tests, on 127.0.0.1 and an ephemeral port. It records every
 * request and answers `status` (200 `{}` by default), so a test can see exactly what the real
 * exporter sent and how it reacts to refusals.
 */
export interface OtlpTestReceiver {
  /** `http://127.0.0.1:<port>/v1/traces`. */
  readonly endpoint: string;
  readonly requests: readonly ReceivedRequest[];
  /** Every span of every JSON request so far. */
  spans(): ReceivedSpan[];
  /** The status later requests are answered with. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpTestReceiver> {
  const requests: ReceivedRequest[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      requests.push({ path: req.url ?? '', contentType, body: Buffer.concat(chunks) });
      res.writeHead(status, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' });
      res.end(contentType.includes('json') ? (status === 200 ? '{}' : '{"message":"refused by test"}') : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    requests,
    spans: () => requests.filter((r) => r.contentType.includes('json')).flatMap((r) => readOtlpJson(r.body.toString('utf8'))),
    answerWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
