import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../../collector.js';
import { startCollector } from '../../collector.js';
import { captureSdkBody, makeSdkSpans } from '../../testing/otel.js';
import { SpanSink } from '../../testing/sink.js';
import { decodeJsonRequest } from '../../otlp/decode-json.js';
import { decodeProtoRequest } from '../../otlp/decode-proto.js';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import { mutateBytes, prng } from '../../testing/mutate.js';


const spans = makeSdkSpans({ spans: 6, extraAttributes: 3 });
const bases = { protobuf: await captureSdkBody('protobuf', spans), json: await captureSdkBody('json', spans) };

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(url: string, body: Buffer, contentType: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fuzz: mutated OTLP payloads', () => {
  it('the decoders either decode or throw OtlpDecodeError, for 20,000 mutations', () => {
    const rand = prng(0x4f544c50);
    const outcomes = { decoded: 0, refused: 0 };
    for (let i = 0; i < 10_000; i++) {
      for (const encoding of ['protobuf', 'json'] as const) {
        const payload = mutateBytes(bases[encoding], rand);
        try {
          if (encoding === 'protobuf') decodeProtoRequest(payload);
          else decodeJsonRequest(payload.toString('utf8'));
          outcomes.decoded++;
        } catch (error) {
          if (!(error instanceof OtlpDecodeError)) throw new Error(`mutation ${i} (${encoding}) threw ${String(error)}`, { cause: error });
          outcomes.refused++;
        }
      }
    }
    expect(outcomes.decoded + outcomes.refused).toBe(20_000);
    expect(outcomes.refused).toBeGreaterThan(1000);
    expect(outcomes.decoded).toBeGreaterThan(1000);
  }, 120_000);

  describe('over HTTP', () => {
    let collector: Collector;
    beforeAll(async () => {
      collector = await startCollector({ receiver: { port: 0 }, batch: { timeoutMs: 0 } }, { next: new SpanSink() });
    });
    afterAll(async () => {
      await collector.shutdown();
      agent.destroy();
    });

    it('every one of 10,000 mutated requests gets a proper 200 or 400 and the server stays up', async () => {
      const rand = prng(20261126);
      const url = `${collector.url}/v1/traces`;
      const counts = new Map<number, number>();
      const payloads = Array.from({ length: 10_000 }, (_, i) => {
        const encoding = i % 2 === 0 ? 'protobuf' : 'json';
        return { encoding, body: mutateBytes(bases[encoding], rand) };
      });
      for (let i = 0; i < payloads.length; i += 16) {
        const answers = await Promise.all(
          payloads.slice(i, i + 16).map(async ({ encoding, body }) => {
            const { status, bytes } = await post(url, body, encoding === 'json' ? 'application/json' : 'application/x-protobuf');
            if (status !== 200) expect(bytes).toBeGreaterThan(0);
            return status;
          }),
        );
        for (const status of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      expect([...counts.keys()].sort()).toEqual([200, 400]);
      expect(counts.get(200)! + counts.get(400)!).toBe(10_000);
      const health = await fetch(`${collector.url}/health`);
      expect(health.status).toBe(200);
    }, 240_000);
  });
});
