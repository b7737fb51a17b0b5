import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidRequestId } from '../../../core/request-id.js';
import { createEnvironment } from '../environment.js';
import type { CloudEnvironment } from '../environment.js';
import { createServiceApp } from './app.js';
import { listen } from './listen.js';
import type { Listening } from './listen.js';
import { contextOf } from './request-id.js';

const logDir = mkdtempSync(join(tmpdir(), 'hoptrace-rest-'));
const hookSaw: unknown[] = [];
let env: CloudEnvironment;
let server: Listening;

beforeAll(async () => {
  env = createEnvironment({ logDir, hooksFor: () => ({ serverMiddleware: (_req, res, next) => void (hookSaw.push(res.locals['context']), next()) }) });
  const routes = Router();
  routes.get('/context', (_req, res) => void res.json(contextOf(res)));
  routes.get('/boom', () => {
    throw new TypeError('kaput');
  });
  const app = createServiceApp({ env, instance: { service: 'nova-api', host: 'controller' }, errors: 'nova', routes, auth: 'none', requestIdHeaders: ['x-compute-request-id'], accessLogName: 'nova.api.openstack.requestlog' });
  server = await listen(app, '127.0.0.1', 0);
});
afterAll(async () => {
  await server.close();
  env.logs.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('the service app', () => {
  it('mints a fresh req-<uuid4> per request and returns it in both id headers', async () => {
    const one = await get('/context');
    const two = await get('/context');
    const id = one.headers.get('x-openstack-request-id');
    expect(isValidRequestId(id)).toBe(true);
    expect(id).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(one.headers.get('x-compute-request-id')).toBe(id);
    expect(two.headers.get('x-openstack-request-id')).not.toBe(id);
    expect(((await one.json()) as { request_id: string }).request_id).toBe(id);
  });

  it('keeps a valid inbound X-OpenStack-Request-ID as the global id, never returning it', async () => {
    const inbound = 'req-0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const response = await get('/context', { 'X-OpenStack-Request-ID': inbound });
    const context = (await response.json()) as { request_id: string; global_request_id: string };
    expect(context.global_request_id).toBe(inbound);
    expect(context.request_id).not.toBe(inbound);
    expect(response.headers.get('x-openstack-request-id')).toBe(context.request_id);
    const log = readFileSync(join(logDir, 'nova-api.log'), 'utf8');
    expect(log).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\d+ INFO nova\\.api\\.openstack\\.requestlog \\[${inbound} ${context.request_id} - - - - - -\\] 127\\.0\\.0\\.1 "GET /context" status: 200 len: \\d+ microversion: - time: \\d+\\.\\d{6}$`, 'm'));
  });

  it('ignores an invalid inbound id silently', async () => {
    for (const bad of ['req-0B1C2D3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E', 'hello', 'req-1234']) {
      const response = await get('/context', { 'X-OpenStack-Request-ID': bad });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { global_request_id: unknown }).global_request_id).toBeNull();
    }
  });

  it('runs the serverMiddleware hook before the request id exists', async () => {
    hookSaw.length = 0;
    await get('/context');
    expect(hookSaw).toEqual([undefined]);
  });

  it('turns an unexpected exception into a 500 in the service format and keeps serving', async () => {
    const response = await get('/boom');
    expect(response.status).toBe(500);
    const body = (await response.json()) as { computeFault: { code: number; message: string } };
    expect(body.computeFault.code).toBe(500);
    expect(body.computeFault.message).toMatch(/^Unexpected API Error/);
    expect((await get('/context')).status).toBe(200);
    expect(readFileSync(join(logDir, 'nova-api.log'), 'utf8')).toMatch(/ ERROR nova\.api\.wsgi \[None req-[^\]]+\] Unexpected error on GET \/boom\n\S+ \S+ \d+ ERROR nova\.api\.wsgi TypeError: kaput\n\S+ \S+ \d+ ERROR nova\.api\.wsgi {5}at /);
  });

  it('answers unknown routes with 404 in the service format', async () => {
    const response = await get('/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  });

  it('renders an error from a failing serverMiddleware hook in the service format', async () => {
    const failing = createEnvironment({ hooksFor: () => ({ serverMiddleware: () => { throw new Error('hook broke'); } }) });
    const app = createServiceApp({ env: failing, instance: { service: 'glance', host: 'controller' }, errors: 'glance', routes: Router(), auth: 'none' });
    const broken = await listen(app, '127.0.0.1', 0);
    try {
      const response = await fetch(`${broken.url}/`, { headers: { Accept: 'application/json' } });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { code: string }).code).toBe('500 Internal Server Error');
    } finally {
      await broken.close();
    }
  });
});
