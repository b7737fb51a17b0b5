import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { newRequestId } from '../../core/request-id.js';
import type { RequestContext } from '../../sim/kit/context.js';
import { createHttpClient } from '../../sim/kit/http-client.js';
import type { HttpClient } from '../../sim/kit/http-client.js';
import { listen } from '../../sim/kit/rest/listen.js';
import type { Listening } from '../../sim/kit/rest/listen.js';
import { assertSpan } from '../testing/assert-span.js';
import { memoryTracing } from '../testing/memory-tracing.js';

const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A callee that answers with its own request id and echoes the headers it received. */
async function startEcho(calleeId: string): Promise<Listening> {
  const app = express();
  app.get('/v2/images/:id', (req, res) => {
    res.setHeader('x-openstack-request-id', calleeId);
    res.status(req.params['id'] === 'missing' ? 404 : 200).json({ headers: req.headers });
  });
  const server = await listen(app, '127.0.0.1', 0);
  open.push(server);
  return server;
}

function setUp() {
  const memory = memoryTracing();
  const client = memory.hooks('nova-api').wrapHttpClient?.(createHttpClient()) as HttpClient;
  return { memory, client };
}

const requestContext = (): RequestContext => ({ request_id: newRequestId(), global_request_id: newRequestId(), user_id: 'u', project_id: 'p' });

describe('REST client wrapper', () => {
  it('records a CLIENT span and injects traceparent beside X-OpenStack-Request-ID', async () => {
    const calleeId = newRequestId();
    const glance = await startEcho(calleeId);
    const { memory, client } = setUp();
    const ctx = requestContext();
    const response = await client({
      method: 'get',
      url: `${glance.url}/v2/images/abc`,
      urlTemplate: '/v2/images/{image_id}',
      headers: { 'X-OpenStack-Request-ID': ctx.global_request_id!, TraceParent: '00-11111111111111111111111111111111-2222222222222222-01' },
      context: ctx,
    });
    const [span] = await memory.spans();
    assertSpan(span, {
      name: 'GET /v2/images/{image_id}',
      kind: SpanKind.CLIENT,
      parent: null,
      status: SpanStatusCode.UNSET,
      attributes: {
        [Attr.httpMethod]: 'GET',
        [Attr.urlFull]: `${glance.url}/v2/images/abc`,
        [Attr.urlTemplate]: '/v2/images/{image_id}',
        [Attr.serverAddress]: '127.0.0.1',
        [Attr.serverPort]: glance.port,
        [Attr.httpStatusCode]: 200,
        [Attr.requestId]: ctx.request_id,
        [Attr.globalRequestId]: ctx.global_request_id,
        [Attr.calleeRequestId]: calleeId,
      },
    });
    const sent = (response.body as { headers: Record<string, string> }).headers;
    expect(sent['traceparent']).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(sent['x-openstack-request-id']).toBe(ctx.global_request_id);
  });

  it('marks a 4xx answer as a client error yet returns it unchanged', async () => {
    const glance = await startEcho(newRequestId());
    const { memory, client } = setUp();
    const response = await client({ method: 'GET', url: `${glance.url}/v2/images/missing`, context: requestContext() });
    expect(response.status).toBe(404);
    const [span] = await memory.spans();
    assertSpan(span, { name: 'GET', status: SpanStatusCode.ERROR, attributes: { [Attr.httpStatusCode]: 404, [Attr.errorType]: '404' } });
  });

  it('reads server.address and server.port from the URL: IPv6 brackets dropped, default ports, userinfo skipped', async () => {
    const memory = memoryTracing();
    const client = memory.hooks('nova-compute').wrapHttpClient!(async () => ({ status: 200, headers: {}, body: undefined }));
    const urls = ['https://admin@[::1]/v2/images', 'http://controller:9292/v2/images?limit=1', 'HTTPS://keystone.example#top', 'http://controller:9292/v2/schemas', 'unix:/run/x.sock'];
    for (const url of urls) await client({ method: 'GET', url });
    const spans = await memory.spans();
    expect(spans.map((s) => [s.attributes[Attr.urlFull], s.attributes[Attr.serverAddress], s.attributes[Attr.serverPort]])).toEqual([
      ['https://admin@[::1]/v2/images', '::1', 443],
      ['http://controller:9292/v2/images?limit=1', 'controller', 9292],
      ['HTTPS://keystone.example#top', 'keystone.example', 443],
      ['http://controller:9292/v2/schemas', 'controller', 9292],
      ['unix:/run/x.sock', undefined, undefined],
    ]);
  });

  it('marks a network failure as an error and rethrows it', async () => {
    const gone = await startEcho(newRequestId());
    await gone.close();
    const { memory, client } = setUp();
    await expect(client({ method: 'GET', url: `${gone.url}/v2/images/x` })).rejects.toThrow();
    const [span] = await memory.spans();
    assertSpan(span, { status: SpanStatusCode.ERROR, attributes: { [Attr.errorType]: 'TypeError' }, absent: [Attr.httpStatusCode, Attr.requestId] });
    expect(span.events.map((e) => e.name)).toContain('exception');
  });
});
