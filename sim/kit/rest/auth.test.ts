import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../environment.js';
import type { HttpClient, HttpRequest } from '../http-client.js';
import { createServiceApp } from './app.js';
import { keystoneTokenValidator } from './auth.js';
import { listen } from './listen.js';

const VALID = { token: { user: { id: 'u1', name: 'demo' }, project: { id: 'p1', name: 'demo' }, roles: [{ name: 'member' }] } };

function fakeKeystone(answer: (request: HttpRequest) => { status: number; body?: unknown }): { http: HttpClient; calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  return { calls, http: async (request) => (calls.push(request), { headers: {}, body: undefined, ...answer(request) }) };
}

describe('keystonemiddleware-like token validation', () => {
  it('validates with the service token as X-Auth-Token and the user token as X-Subject-Token, without a request id', async () => {
    const env = createEnvironment();
    env.endpoints.keystone = 'http://keystone.invalid';
    const keystone = fakeKeystone(() => ({ status: 200, body: VALID }));
    const info = await keystoneTokenValidator(env, keystone.http)('user-token');
    expect(info).toEqual({ userId: 'u1', userName: 'demo', projectId: 'p1', projectName: 'demo', roles: ['member'] });
    expect(keystone.calls[0]).toMatchObject({ method: 'GET', url: 'http://keystone.invalid/v3/auth/tokens', headers: { 'X-Auth-Token': env.serviceAuth.token, 'X-Subject-Token': 'user-token' } });
    expect(keystone.calls[0]!.context).toBeUndefined();
  });

  it('caches answers, valid and invalid, for cacheMs', async () => {
    let now = 0;
    const keystone = fakeKeystone((request) => ({ status: request.headers!['X-Subject-Token'] === 'good' ? 200 : 404, body: VALID }));
    const validate = keystoneTokenValidator(createEnvironment(), keystone.http, { cacheMs: 1000, now: () => now });
    await validate('good');
    await validate('good');
    expect(await validate('bad')).toBeUndefined();
    expect(await validate('bad')).toBeUndefined();
    expect(keystone.calls).toHaveLength(2);
    now = 1001;
    await validate('good');
    expect(keystone.calls).toHaveLength(3);
  });

  it('rejects when keystone answers something else than 200, 401 or 404', async () => {
    const validate = keystoneTokenValidator(createEnvironment(), fakeKeystone(() => ({ status: 500 })).http);
    await expect(validate('x')).rejects.toThrow(/answered 500/);
  });

  it('answers 503 in the service format when keystone cannot be reached, and keeps serving', async () => {
    const env = createEnvironment();
    env.endpoints.keystone = 'http://127.0.0.1:1';
    const routes = Router();
    routes.get('/', (_req, res) => void res.json({ ok: true }));
    const server = await listen(createServiceApp({ env, instance: { service: 'neutron', host: 'controller' }, errors: 'neutron', routes }), '127.0.0.1', 0);
    try {
      const response = await fetch(`${server.url}/`, { headers: { 'X-Auth-Token': 'x' } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { NeutronError: { message: string } }).NeutronError.message).toMatch(/^The Keystone service is temporarily unavailable/);
      const missing = await fetch(`${server.url}/`);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Keystone uri="http://127.0.0.1:1"');
    } finally {
      await server.close();
    }
  });
});
