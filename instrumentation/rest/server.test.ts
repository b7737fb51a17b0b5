import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { newRequestId } from '../../core/request-id.js';
import { listen, serveAppAs } from '../../sim/kit/rest/listen.js';
import type { Listening } from '../../sim/kit/rest/listen.js';
import { contextOf, requestIdMiddleware } from '../../sim/kit/rest/request-id.js';
import { createDb } from '../../sim/kit/db.js';
import type { Db } from '../../sim/kit/db.js';
import type { HttpClient } from '../../sim/kit/http-client.js';
import { parentOf } from '../scope.js';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { assertSpan, onlySpan } from '../testing/assert-span.js';
import { createEnvironment } from '../../sim/kit/environment.js';
import { createServiceApp } from '../../sim/kit/rest/app.js';
import { restServerListener, restServerMiddleware } from './server.js';
import { memoryTracing } from '../testing/memory-tracing.js';

const SERVER_ID = '5f1c2a3e-8b9d-4c7e-a6f5-0d1e2f3a4b5c';
const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A service app shaped like the kit's: tracing around it, then request id, JSON bodies, nested routes. */
async function startApp(service: string, extra?: (router: express.Router) => void, options: { asyncContext?: boolean } = {}) {
  const memory = memoryTracing(options);
  const app = express();
  app.use(requestIdMiddleware());
  app.use(express.json());
  const v21 = express.Router();
  v21.post('/servers', (_req, res) => {
    res.location(`/v2.1/servers/${SERVER_ID}`).status(202).json({ server: { id: SERVER_ID } });
  });
  v21.get('/servers/:server_id', async (req, res) => {
    await new Promise((resolve) => setImmediate(resolve));
    res.json({ server: { id: req.params['server_id'], traced: trace.getSpan(parentOf(contextOf(res))) !== undefined } });
  });
  v21.post('/servers/:server_id/action', (_req, res) => {
    res.status(202).end();
  });
  v21.get('/boom', () => {
    throw new Error('kaput');
  });
  extra?.(v21);
  app.use('/v2.1', v21);
  app.use((_req, res) => {
    res.status(404).json({ itemNotFound: { code: 404 } });
  });
  app.use(((_error, _req, res, _next) => {
    res.status(500).json({ computeFault: { code: 500 } });
  }) as express.ErrorRequestHandler);
  serveAppAs(app, memory.hooks(service).wrapRequestListener!(app));
  const server = await listen(app, '127.0.0.1', 0);
  open.push(server);
  return { ...memory, url: server.url };
}

describe('REST server shim', () => {
  it('roots a SERVER span named by the matched route when the client sends no traceparent', async () => {
    const app = await startApp('nova-api');
    const response = await fetch(`${app.url}/v2.1/servers/${SERVER_ID}?fields=id`, { headers: { 'user-agent': 'python-novaclient' } });
    expect(((await response.json()) as { server: { traced: boolean } }).server.traced).toBe(true);
    const [span] = await app.spans();
    assertSpan(span, {
      name: 'GET /v2.1/servers/{server_id}',
      kind: SpanKind.SERVER,
      parent: null,
      service: 'nova-api',
      status: SpanStatusCode.UNSET,
      attributes: {
        [Attr.httpMethod]: 'GET',
        [Attr.httpRoute]: '/v2.1/servers/{server_id}',
        [Attr.urlPath]: `/v2.1/servers/${SERVER_ID}`,
        [Attr.urlQuery]: 'fields=id',
        [Attr.urlScheme]: 'http',
        [Attr.httpStatusCode]: 200,
        [Attr.clientAddress]: '127.0.0.1',
        [Attr.userAgent]: 'python-novaclient',
        [Attr.requestId]: response.headers.get('x-openstack-request-id'),
        [Attr.instanceUuid]: SERVER_ID,
      },
      absent: [Attr.globalRequestId, Attr.operation],
    });
  });

  it('continues the caller trace from a W3C traceparent and keeps a valid inbound request id as the global id', async () => {
    const app = await startApp('glance');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const globalId = newRequestId();
    await fetch(`${app.url}/v2.1/servers/${SERVER_ID}`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-openstack-request-id': globalId } });
    const [span] = await app.spans();
    assertSpan(span, { attributes: { [Attr.globalRequestId]: globalId }, absent: [Attr.instanceUuid] });
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('ignores an invalid inbound request id and a malformed traceparent', async () => {
    const app = await startApp('glance');
    await fetch(`${app.url}/v2.1/servers/x`, { headers: { traceparent: '00-zz-yy-01', 'x-openstack-request-id': 'req-NOT-A-UUID' } });
    const [span] = await app.spans();
    assertSpan(span, { parent: null, absent: [Attr.globalRequestId] });
  });

  it('marks 5xx as an error but not 4xx, and names an unrouted request by its method alone', async () => {
    const app = await startApp('glance');
    await fetch(`${app.url}/v2.1/boom`);
    await fetch(`${app.url}/nowhere`);
    const spans = await app.spans();
    assertSpan(onlySpan(spans, (s) => s.attributes[Attr.urlPath] === '/v2.1/boom', 'boom span'), {
      name: 'GET /v2.1/boom',
      status: SpanStatusCode.ERROR,
      attributes: { [Attr.httpStatusCode]: 500, [Attr.errorType]: '500' },
    });
    assertSpan(onlySpan(spans, (s) => s.attributes[Attr.urlPath] === '/nowhere', '404 span'), {
      name: 'GET',
      status: SpanStatusCode.UNSET,
      attributes: { [Attr.httpStatusCode]: 404 },
      absent: [Attr.httpRoute, Attr.errorType],
    });
  });

  it('classifies nova-api operations: boot takes its instance uuid from Location, actions from the body key', async () => {
    const app = await startApp('nova-api');
    const post = (path: string, body: unknown) => fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v2.1/servers', { server: { name: 'vm1' } });
    await post(`/v2.1/servers/${SERVER_ID}/action`, { shelve: null });
    await post(`/v2.1/servers/${SERVER_ID}/action`, { 'os-start': null });
    const spans = await app.spans();
    const operations = spans.map((s) => [s.name, s.attributes[Attr.operation], s.attributes[Attr.instanceUuid]]);
    expect(operations).toEqual([
      ['POST /v2.1/servers', 'boot', SERVER_ID],
      ['POST /v2.1/servers/{server_id}/action', 'shelve', SERVER_ID],
      ['POST /v2.1/servers/{server_id}/action', 'start', SERVER_ID],
    ]);
  });

  it('does not classify operations on services other than nova-api', async () => {
    const app = await startApp('placement');
    await fetch(`${app.url}/v2.1/servers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const [span] = await app.spans();
    assertSpan(span, { name: 'POST /v2.1/servers', absent: [Attr.operation, Attr.instanceUuid] });
  });

  it('keeps the mount prefix in http.route when an error leaves a nested router', async () => {
    const app = await startApp('nova-api', (router) =>
      router.get('/flavors/:flavor_id', () => {
        throw new Error('no such flavor');
      }),
    );
    await fetch(`${app.url}/v2.1/flavors/m1.tiny`);
    const [span] = await app.spans();
    assertSpan(span, { name: 'GET /v2.1/flavors/{flavor_id}', attributes: { [Attr.httpRoute]: '/v2.1/flavors/{flavor_id}', [Attr.httpStatusCode]: 500 } });
  });

  it('never fails the request or the process when its own classifier throws: the error is reported and the span still ends', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
    const errors: unknown[] = [];
    const app = express();
    const classify = () => {
      throw new Error('classifier bug');
    };
    app.use(restServerMiddleware(tracer, { classify, onInternalError: (e) => errors.push(e) }));
    app.get('/ok', (_req, res) => {
      res.send('fine');
    });
    const server = await listen(app, '127.0.0.1', 0);
    open.push(server);
    const response = await fetch(`${server.url}/ok`);
    expect(await response.text()).toBe('fine');
    await expect.poll(() => exporter.getFinishedSpans().length).toBe(1);
    expect(errors).toEqual([new Error('classifier bug')]);
    assertSpan(exporter.getFinishedSpans()[0], { name: 'GET /ok', attributes: { [Attr.httpStatusCode]: 200 } });
  });

  it('normalises a method outside the HTTP registry to _OTHER and names the span HTTP', async () => {
    const app = await startApp('glance');
    await fetch(`${app.url}/v2.1/servers`, { method: 'PROPFIND' });
    const [span] = await app.spans();
    assertSpan(span, { name: 'HTTP', attributes: { [Attr.httpMethod]: '_OTHER', [Attr.httpMethodOriginal]: 'PROPFIND', [Attr.httpStatusCode]: 404 } });
  });

  it('parents the calls a handler makes for its RequestContext on the SERVER span, after awaits, with no context manager, and a context-less call made before the first await', async () => {
    const layers: { db?: Db; http?: HttpClient } = {};
    const app = await startApp('nova-api', (router) =>
      router.get('/servers/:server_id/diagnostics', async (_req, res) => {
        await layers.http!({ method: 'GET', url: `${app.url}/tokens`, urlTemplate: '/tokens' }); // no context: keystonemiddleware's call
        await new Promise((resolve) => setTimeout(resolve, 1));
        await layers.db!.run(contextOf(res), { operation: 'SELECT', table: 'instances', database: 'nova_cell1' }, () => 1);
        await layers.http!({ method: 'GET', url: `${app.url}/nowhere`, context: { ...contextOf(res) } });
        res.json({ active: trace.getActiveSpan() !== undefined });
      }),
    );
    layers.db = app.hooks('nova-api').wrapDb?.(createDb());
    layers.http = app.hooks('nova-api').wrapHttpClient?.((request) => fetch(request.url).then((r) => ({ status: r.status, headers: {}, body: undefined })));
    const response = await fetch(`${app.url}/v2.1/servers/${SERVER_ID}/diagnostics`);
    expect(await response.json()).toEqual({ active: false });
    const spans = await app.spans();
    const server = onlySpan(spans, (s) => s.name === 'GET /v2.1/servers/{server_id}/diagnostics', 'server span');
    assertSpan(onlySpan(spans, (s) => s.name === 'SELECT instances', 'db span'), { kind: SpanKind.CLIENT, parent: server });
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.CLIENT && s.name === 'GET', 'http span'), { parent: server });
    assertSpan(onlySpan(spans, (s) => s.name === 'GET /tokens', 'context-less call made before the first await'), { kind: SpanKind.CLIENT, parent: server });
  });

  it("parents keystonemiddleware's token check on the SERVER span of a request with a body, found by its X-Subject-Token", async () => {
    const layers: { http?: HttpClient } = {};
    const app = await startApp('nova-api', (router) =>
      router.post('/servers/:server_id/metadata', async (req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const token = req.get('x-auth-token')!;
        await layers.http!({ method: 'GET', url: `${app.url}/nowhere`, urlTemplate: '/v3/auth/tokens', headers: { 'X-Subject-Token': token } });
        res.status(200).json({});
      }),
    );
    layers.http = app.hooks('nova-api').wrapHttpClient?.((request) => fetch(request.url).then((r) => ({ status: r.status, headers: {}, body: undefined })));
    const post = (token: string) => fetch(`${app.url}/v2.1/servers/${SERVER_ID}/metadata`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': token }, body: '{"metadata":{}}' });
    await Promise.all([post('gAAAAAB-first'), post('gAAAAAB-second')]);
    const spans = await app.spans();
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER && s.name === 'POST /v2.1/servers/{server_id}/metadata');
    const checks = spans.filter((s) => s.name === 'GET /v3/auth/tokens');
    expect(servers).toHaveLength(2);
    expect(checks.map((c) => c.parentSpanContext?.spanId).sort()).toEqual(servers.map((s) => s.spanContext().spanId).sort());
  });

  it('with asyncContext, makes the SERVER span the active span of the handler, for hosts that call context.with', async () => {
    const app = await startApp(
      'nova-api',
      (router) =>
        router.get('/active', async (_req, res) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          res.json({ spanId: trace.getActiveSpan()?.spanContext().spanId });
        }),
      { asyncContext: true },
    );
    const { spanId } = (await (await fetch(`${app.url}/v2.1/active`)).json()) as { spanId?: string };
    const [span] = await app.spans();
    expect(span?.name).toBe('GET /v2.1/active');
    expect(spanId).toBe(span?.spanContext().spanId);
  });

  it('ends the span when the client hangs up before the answer, with no status code', async () => {
    let answer: (() => void) | undefined;
    const app = await startApp('nova-api', (router) =>
      router.get('/slow', (_req, res) => {
        answer = () => void res.status(200).end();
      }),
    );
    const abort = new AbortController();
    const pending = fetch(`${app.url}/v2.1/slow`, { signal: abort.signal }).catch((error: unknown) => error);
    await expect.poll(() => answer !== undefined).toBe(true);
    abort.abort();
    await pending;
    await expect.poll(async () => (await app.spans()).length).toBe(1);
    const [span] = await app.spans();
    assertSpan(span, { name: 'GET /v2.1/slow', absent: [Attr.httpStatusCode], status: SpanStatusCode.UNSET });
    answer?.();
  });
});

describe('REST server shim installations', () => {
  it('as a wrapRequestListener hook of a kit service app: one SERVER span per request, named by its route, with the id the service returned', async () => {
    const memory = memoryTracing();
    const env = createEnvironment({ hooksFor: (instance) => memory.hooks(instance.service, instance.host) });
    const routes = express.Router().get('/v2/images/:image_id', (req, res) => {
      res.json({ id: req.params['image_id'], traced: trace.getSpan(parentOf(contextOf(res))) !== undefined });
    });
    const server = await listen(createServiceApp({ env, instance: { service: 'glance', host: 'controller' }, errors: 'glance', routes, auth: 'none' }), '127.0.0.1', 0);
    open.push(server);
    const response = await fetch(`${server.url}/v2/images/cirros`);
    expect(await response.json()).toEqual({ id: 'cirros', traced: true });
    const missing = await fetch(`${server.url}/v3/nothing`);
    expect(missing.status).toBe(404);
    const spans = await memory.spans();
    expect(spans.map((s) => s.name)).toEqual(['GET /v2/images/{image_id}', 'GET']);
    assertSpan(spans[0], { kind: SpanKind.SERVER, service: 'glance', attributes: { [Attr.httpRoute]: '/v2/images/{image_id}', [Attr.httpStatusCode]: 200, [Attr.urlPath]: '/v2/images/cirros', [Attr.requestId]: response.headers.get('x-openstack-request-id') } });
    assertSpan(spans[1], { absent: [Attr.httpRoute], attributes: { [Attr.httpStatusCode]: 404, [Attr.requestId]: missing.headers.get('x-openstack-request-id') } });
    env.logs.close();
  });

  it('as a listener or as express middleware over an SDK tracer, names the span by a nested route and parents the handler on it', async () => {
    for (const install of ['listener', 'middleware'] as const) {
      const exporter = new InMemorySpanExporter();
      const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
      const app = express();
      if (install === 'middleware') app.use(restServerMiddleware(tracer));
      app.use(requestIdMiddleware());
      app.use('/v2.1', express.Router().get('/servers/:server_id', (_req, res) => void res.json({ traced: trace.getSpan(parentOf(contextOf(res))) !== undefined })));
      if (install === 'listener') serveAppAs(app, restServerListener(tracer)(app));
      const server = await listen(app, '127.0.0.1', 0);
      open.push(server);
      const response = await fetch(`${server.url}/v2.1/servers/${SERVER_ID}?all=1`, { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
      expect(await response.json(), install).toEqual({ traced: true });
      await expect.poll(() => exporter.getFinishedSpans().length).toBe(1);
      assertSpan(exporter.getFinishedSpans()[0], {
        name: 'GET /v2.1/servers/{server_id}',
        kind: SpanKind.SERVER,
        attributes: { [Attr.httpRoute]: '/v2.1/servers/{server_id}', [Attr.urlPath]: `/v2.1/servers/${SERVER_ID}`, [Attr.urlQuery]: 'all=1', [Attr.httpStatusCode]: 200, [Attr.requestId]: response.headers.get('x-openstack-request-id') },
      });
      expect(exporter.getFinishedSpans()[0]?.parentSpanContext?.spanId, install).toBe('b7ad6b7169203331');
    }
  });
});
