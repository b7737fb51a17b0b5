import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createComponentHttpClient } from './component.js';
import { createEnvironment } from './environment.js';
import type { HttpRequest } from './http-client.js';

describe('the component HTTP client', () => {
  it('sends the global id and the service token, lets the hook see them, and logs the callee id', async () => {
    const received: Record<string, string | string[] | undefined>[] = [];
    const glance = createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json', 'x-openstack-request-id': 'req-22222222-3333-4444-8555-666666666666' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => glance.listen(0, '127.0.0.1', resolve));
    const logDir = mkdtempSync(join(tmpdir(), 'hoptrace-client-'));
    const hooked: HttpRequest[] = [];
    const env = createEnvironment({ logDir, hooksFor: () => ({ wrapHttpClient: (next) => async (request) => (hooked.push(request), next(request)) }) });
    env.endpoints.glance = `http://127.0.0.1:${(glance.address() as AddressInfo).port}`;
    const context = { request_id: 'req-11111111-2222-4333-8444-555555555555', global_request_id: null, user_id: 'u', project_id: 'p' };
    const http = createComponentHttpClient(env, { service: 'nova-api', host: 'controller' });
    const response = await http({ method: 'GET', url: `${env.endpoints.glance}/v2/images/x`, context });
    expect(response.body).toEqual({ ok: true });
    expect(received[0]!['x-openstack-request-id']).toBe(context.request_id);
    expect(received[0]!['x-auth-token']).toBe(env.serviceAuth.token);
    expect(hooked[0]!.headers!['X-OpenStack-Request-ID']).toBe(context.request_id);
    expect(readFileSync(join(logDir, 'nova-api.log'), 'utf8')).toContain(`DEBUG keystoneauth.session [None ${context.request_id} u p - - default default] GET call to image for ${env.endpoints.glance}/v2/images/x used request id req-22222222-3333-4444-8555-666666666666\n`);
    await http({ method: 'GET', url: `${env.endpoints.glance}/`, context: { ...context, global_request_id: 'req-99999999-2222-4333-8444-555555555555' } });
    expect(received[1]!['x-openstack-request-id']).toBe('req-99999999-2222-4333-8444-555555555555');
    env.logs.close();
    await new Promise((resolve) => glance.close(resolve));
  });
});
