import { createServer, request } from 'node:http';
import type { OutgoingHttpHeaders, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../core/flow.js';
import { buildFlow } from '../reconstruct/build-flow.js';
import { scriptBoot } from '../testing/boot.js';
import type { ScriptedFlow } from '../testing/boot.js';
import { SpanFactory } from '../testing/spans.js';
import { createQueryApp } from './app.js';
import type { QueryCounters } from './app.js';
import { FlowBodies } from './flow-bodies.js';
import { withFlowFastPath } from './flow-fast-path.js';
import type { FlowSource } from './source.js';

/** A source whose flows the test swaps, and which throws for one id. */
class TestSource implements FlowSource {
  flows = new Map<string, Flow>();
  readonly reader = { services: () => [], operations: () => [], dependencies: () => [] };
  getFlow(requestId: string): Flow | undefined {
    if (requestId === 'req-broken') throw new Error('disk I/O error');
    return this.flows.get(requestId);
  }
  getFlowJson(requestId: string): string | undefined {
    const flow = this.getFlow(requestId);
    return flow === undefined ? undefined : JSON.stringify(flow);
  }
  spansOf(): [] {
    return [];
  }
  async searchFlows(): Promise<Flow[]> {
    return [];
  }
  flowIdOfTrace(): undefined {
    return undefined;
  }
}

interface Answer {
  readonly status: number;
  /** Raw header lines in order, without Date. */
  readonly headers: string[];
  readonly body: string;
}

function ask(server: Server, path: string, options: { method?: string; headers?: OutgoingHttpHeaders } = {}): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i] !== 'Date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(handler: RequestListener): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const source = new TestSource();
const plainCounters: QueryCounters = { ok: 0, clientErrors: 0, serverErrors: 0 };
const fastCounters: QueryCounters = { ok: 0, clientErrors: 0, serverErrors: 0 };
const bodies = new FlowBodies();
let viaExpress = 0;
let plain: Server;
let fast: Server;
let boot: ScriptedFlow;

function flowOf(scripted: ScriptedFlow, updatedUs: number): Flow {
  return buildFlow({ id: scripted.requestId, aliases: scripted.aliases.values(), spans: scripted.spans, complete: true, updatedUs, endpoints: {} }).flow;
}

function serve(flow: Flow): void {
  source.flows = new Map([flow.id, ...flow.aliases].map((id) => [id, flow]));
}

/** Asks both servers; expects identical answers and returns them with how many went to Express. */
async function both(path: string, options: { method?: string; headers?: OutgoingHttpHeaders } = {}): Promise<{ answer: Answer; viaExpress: number }> {
  const expected = await ask(plain, path, options);
  const before = viaExpress;
  const answer = await ask(fast, path, options);
  expect(answer).toEqual(expected);
  return { answer, viaExpress: viaExpress - before };
}

beforeAll(async () => {
  boot = scriptBoot(new SpanFactory(5), 1_764_000_000_000_000);
  serve(flowOf(boot, 1));
  plain = await listen(createQueryApp(source, [], plainCounters));
  const app = createQueryApp(source, [], fastCounters);
  fast = await listen(withFlowFastPath((req, res) => {
    viaExpress++;
    app(req, res);
  }, source, fastCounters, bodies));
});

afterAll(async () => {
  await Promise.all([plain, fast].map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('GET /api/flows/{id} fast path', () => {
  it('answers a flow by id and by alias exactly as the Express route does, without Express', async () => {
    for (const id of [boot.requestId, boot.aliases.get('neutron')!]) {
      const { answer, viaExpress } = await both(`/api/flows/${id}`);
      expect(viaExpress).toBe(0);
      expect(answer.status).toBe(200);
      expect(answer.headers.slice(0, 3)).toEqual([
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(answer.body)}`,
        expect.stringMatching(/^ETag: W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/),
      ]);
      expect(JSON.parse(answer.body)).toEqual(JSON.parse(JSON.stringify(source.flows.get(id))));
    }
  });

  it('answers an unknown id with the same 404 body and headers', async () => {
    const { answer, viaExpress } = await both('/api/flows/req-00000000-0000-4000-8000-00000000dead');
    expect(viaExpress).toBe(0);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: { status: 404, message: 'no flow has request id req-00000000-0000-4000-8000-00000000dead' } });
  });

  it('serves a changed flow at once with its new ETag, and keeps the body of a flow asked for again', async () => {
    const first = (await both(`/api/flows/${boot.requestId}`)).answer;
    expect(bodies.size).toBeGreaterThan(0);
    serve(flowOf(boot, 2));
    const changed = (await both(`/api/flows/${boot.requestId}`)).answer;
    expect(JSON.parse(changed.body).updatedUs).toBe(2);
    expect(changed.headers[2]).not.toBe(first.headers[2]);
  });

  it('hands everything else to Express: formats, HEAD, other spellings, escapes, conditional requests', async () => {
    const id = boot.requestId;
    const etag = (await both(`/api/flows/${id}`)).answer.headers[2]!.slice('ETag: '.length);
    const cases: [string, { method?: string; headers?: OutgoingHttpHeaders }, number][] = [
      [`/api/flows/${id}?format=dot`, {}, 200],
      [`/api/flows/${id}?format=png`, {}, 400],
      [`/api/flows/${id}?`, {}, 200],
      [`/api/flows/${id}/`, {}, 200],
      [`/API/flows/${id}`, {}, 200],
      [`/api/flows/${id.replace('-', '%2D')}`, {}, 200],
      ['/api/flows/%E0%A4%A', {}, 400],
      [`/api/flows/${id}/jaeger.json`, {}, 200],
      [`/api/flows/${id}`, { method: 'HEAD' }, 200],
      [`/api/flows/${id}`, { method: 'POST' }, 404],
      [`/api/flows/${id}`, { headers: { 'if-none-match': etag } }, 304],
      [`/api/flows/${id}`, { headers: { 'if-modified-since': new Date().toUTCString() } }, 200],
      ['/api/flows/', {}, 200],
    ];
    for (const [path, options, status] of cases) {
      const { answer, viaExpress } = await both(path, options);
      expect({ path, status: answer.status, viaExpress }).toEqual({ path, status, viaExpress: 1 });
    }
  });

  it('lets Express answer a lookup that throws, in its error shape', async () => {
    const { answer, viaExpress } = await both('/api/flows/req-broken');
    expect(viaExpress).toBe(1);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error: { status: 500, message: 'disk I/O error' } });
  });

  it('counts every answer as the Express app counts it', () => {
    expect(fastCounters).toEqual(plainCounters);
    expect(fastCounters.clientErrors).toBeGreaterThan(0);
    expect(fastCounters.serverErrors).toBeGreaterThan(0);
  });
});
