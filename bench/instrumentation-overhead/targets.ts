import { createServer } from 'node:http';
import { Router } from 'express';
import { startCloud } from '../../sim/cloud.js';
import { createComponentHttpClient } from '../../sim/kit/component.js';
import { CIRROS_IMAGE, NETWORKS } from '../../sim/kit/devstack.js';
import { createEnvironment } from '../../sim/kit/environment.js';
import type { HooksFactory } from '../../sim/kit/hooks.js';
import { createServiceApp } from '../../sim/kit/rest/app.js';
import { listen } from '../../sim/kit/rest/listen.js';
import { contextOf } from '../../sim/kit/rest/request-id.js';
import { novaClient } from '../../sim/nova/testing/client.js';

/** One copy of a scenario: the request to repeat and how to stop it. */
export interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * `cloud`: the whole simulated cloud; a client with a keystone token polls nova-api
 * `GET /v2.1/servers/{id}` of a booted server, as `openstack server create --wait` does.
 */
export async function cloudTarget(hooksFor?: HooksFactory): Promise<Target> {
  const cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 0, ...(hooksFor === undefined ? {} : { hooksFor }) });
  const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
  const privateNet = NETWORKS.find((n) => n.name === 'private')!.id;
  const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'bench', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: privateNet }] } } });
  const id = (created.body as { server: { id: string } }).server.id;
  await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');
  return { url: `${cloud.endpoints['nova-api']}/v2.1/servers/${id}`, headers: { 'x-auth-token': nova.token, accept: 'application/json' }, stop: () => cloud.shutdown() };
}

/** `hop`: nova-api `GET /v2.1/images/{id}` calling glance through the component HTTP client. */
export async function hopTarget(hooksFor?: HooksFactory): Promise<Target> {
  const env = createEnvironment(hooksFor === undefined ? {} : { hooksFor });
  const glanceRoutes = Router().get('/v2/images/:id', (req, res) => {
    res.json({ id: req.params['id'], name: 'cirros', status: 'active' });
  });
  const glance = await listen(createServiceApp({ env, instance: { service: 'glance', host: 'controller' }, errors: 'glance', routes: glanceRoutes, auth: 'none' }), '127.0.0.1', 0);
  env.endpoints.glance = glance.url;
  const http = createComponentHttpClient(env, { service: 'nova-api', host: 'controller' });
  const novaRoutes = Router().get('/v2.1/images/:id', async (req, res) => {
    const image = await http({ method: 'GET', url: `${env.endpoints.glance}/v2/images/${req.params['id']}`, urlTemplate: '/v2/images/{image_id}', context: contextOf(res) });
    res.json({ image: image.body });
  });
  const nova = await listen(createServiceApp({ env, instance: { service: 'nova-api', host: 'controller' }, errors: 'nova', routes: novaRoutes, auth: 'none' }), '127.0.0.1', 0);
  return { url: `${nova.url}/v2.1/images/a1b2`, headers: {}, stop: async () => void (await Promise.all([nova.close(), glance.close()])) };
}

/** What the OTLP sink received. */
export interface SinkStats {
  requests: number;
  bytes: number;
}

/**
 * An OTLP/HTTP endpoint on loopback that reads every export body and answers 200 with an empty
 * body: the traced copies export through the real OTLP protobuf exporter, so every span is
 * converted and serialised as in production, without a collector's work in the measurement.
 */
export async function startOtlpSink(): Promise<{ url: string; stats: SinkStats; close(): Promise<void> }> {
  const stats: SinkStats = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      stats.bytes += chunk.length;
    });
    req.on('end', () => {
      stats.requests += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('OTLP sink has no port');
  return {
    url: `http://127.0.0.1:${address.port}/v1/traces`,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
