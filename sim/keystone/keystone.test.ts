import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidRequestId } from '../../core/request-id.js';
import { startTestServices } from '../kit/testing/services.js';
import type { TestServices } from '../kit/testing/services.js';

let cloud: TestServices;
beforeAll(async () => {
  cloud = await startTestServices(['keystone']);
});
afterAll(() => cloud.shutdown());

const password = (name: string, secret: string, project?: string) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password: secret } } },
    ...(project === undefined ? {} : { scope: { project: { name: project, domain: { id: 'default' } } } }),
  },
});

describe('keystone v3', () => {
  it('answers discovery with 300 and versions.values, and /v3 with 200', async () => {
    const root = await cloud.request('keystone', 'GET', '/');
    expect(root.status).toBe(300);
    expect(root.json).toMatchObject({ versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${cloud.env.endpoints.keystone}/v3/` }] }] } });
    const v3 = await cloud.request('keystone', 'GET', '/v3');
    expect(v3.status).toBe(200);
    expect(v3.json).toMatchObject({ version: { id: 'v3.14' } });
  });

  it('issues a project-scoped token in X-Subject-Token with a catalog naming every service', async () => {
    const response = await cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('admin', 'admin', 'admin') });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toMatch(/^gAAAAAB/);
    expect(response.headers.get('vary')).toBe('X-Auth-Token');
    expect(isValidRequestId(response.headers.get('x-openstack-request-id'))).toBe(true);
    const token = (response.json as { token: { project: { name: string }; roles: { name: string }[]; catalog: { type: string; endpoints: { interface: string; region: string; url: string }[] }[] } }).token;
    expect(token.project.name).toBe('admin');
    expect(token.roles.map((r) => r.name)).toContain('admin');
    expect(token.catalog.map((c) => c.type).sort()).toEqual(['block-storage', 'compute', 'identity', 'image', 'network', 'placement', 'volumev3']);
    for (const entry of token.catalog) {
      expect(entry.endpoints.map((e) => e.interface).sort()).toEqual(['admin', 'internal', 'public']);
      expect(entry.endpoints.every((e) => e.region === 'RegionOne')).toBe(true);
    }
    expect(token.catalog.find((c) => c.type === 'block-storage')!.endpoints[0]!.url).toMatch(/\/v3\/6f70656e737461636b20342065766572$/);
  });

  it('issues an unscoped token without project or catalog', async () => {
    const response = await cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('demo', 'demo') });
    expect(response.status).toBe(201);
    const token = (response.json as { token: Record<string, unknown> }).token;
    expect(token).not.toHaveProperty('project');
    expect(token).not.toHaveProperty('catalog');
  });

  it('validates (GET), checks (HEAD) and revokes (DELETE) a token', async () => {
    const admin = await cloud.token('admin');
    const demo = (await cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('demo', 'demo', 'demo') })).headers.get('x-subject-token')!;
    const headers = { 'X-Subject-Token': demo };
    const validated = await cloud.request('keystone', 'GET', '/v3/auth/tokens', { token: admin, headers });
    expect(validated.status).toBe(200);
    expect(validated.json).toMatchObject({ token: { user: { name: 'demo' }, project: { name: 'demo' } } });
    expect((await cloud.request('keystone', 'HEAD', '/v3/auth/tokens', { token: admin, headers })).status).toBe(200);
    expect((await cloud.request('keystone', 'DELETE', '/v3/auth/tokens', { token: admin, headers })).status).toBe(204);
    const gone = await cloud.request('keystone', 'GET', '/v3/auth/tokens', { token: admin, headers });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error: { code: 404, title: 'Not Found', message: `Could not find token: ${demo}.` } });
  });

  it('lists the catalog of the caller', async () => {
    const response = await cloud.request('keystone', 'GET', '/v3/auth/catalog', { token: await cloud.token('demo') });
    expect(response.status).toBe(200);
    expect((response.json as { catalog: unknown[] }).catalog).toHaveLength(7);
  });

  it('accepts the services own token', async () => {
    const response = await cloud.request('keystone', 'GET', '/v3/auth/tokens', { token: cloud.env.serviceAuth.token, headers: { 'X-Subject-Token': cloud.env.serviceAuth.token } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ token: { user: { name: 'nova' }, project: { name: 'service' } } });
  });
});

describe('keystone bad input', () => {
  const cases: [string, () => Promise<{ status: number; json: unknown }>, number, string | RegExp][] = [
    ['malformed JSON', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { raw: '{"auth": ', headers: { 'Content-Type': 'application/json' } }), 400, 'Malformed request body'],
    ['no identity', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: { auth: {} } }), 400, /^Expecting to find identity in auth/],
    ['no methods', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: { auth: { identity: {} } } }), 400, /^Expecting to find methods in identity/],
    ['wrong password', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('admin', 'nope', 'admin') }), 401, 'The request you have made requires authentication.'],
    ['unknown user', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('mallory', 'x') }), 401, 'The request you have made requires authentication.'],
    ['project without a role', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { body: password('demo', 'demo', 'admin') }), 401, /has no access to project/],
    ['validation without a token', () => cloud.request('keystone', 'GET', '/v3/auth/tokens', { headers: { 'X-Subject-Token': 'x' } }), 401, 'The request you have made requires authentication.'],
    ['validation with a bad token', () => cloud.request('keystone', 'GET', '/v3/auth/catalog', { token: 'gAAAAABnot-a-token' }), 401, 'The request you have made requires authentication.'],
    ['an unknown path', () => cloud.request('keystone', 'GET', '/v3/nothing', { token: cloud.env.serviceAuth.token }), 404, 'The resource could not be found.'],
    ['a body over the size limit', () => cloud.request('keystone', 'POST', '/v3/auth/tokens', { raw: JSON.stringify({ pad: 'x'.repeat(200_000) }), headers: { 'Content-Type': 'application/json' } }), 413, 'Request is too large.'],
  ];
  it.each(cases)('answers %s with its status and keystone error body', async (_name, send, status, message) => {
    const before = { ...cloud.stats('keystone') };
    const response = await send();
    await expect.poll(() => cloud.stats('keystone').refused).toBe(before.refused + 1);
    expect(cloud.stats('keystone').failed).toBe(before.failed);
    expect(response.status).toBe(status);
    const error = (response.json as { error: { code: number; title: string; message: string } }).error;
    expect(error.code).toBe(status);
    expect(typeof error.title).toBe('string');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect((await cloud.request('keystone', 'GET', '/')).status).toBe(300);
  });
});
