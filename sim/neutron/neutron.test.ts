import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidRequestId } from '../../core/request-id.js';
import { NETWORKS } from '../kit/devstack.js';
import { startTestServices } from '../kit/testing/services.js';
import type { TestServices } from '../kit/testing/services.js';

const [privateNet, publicNet] = NETWORKS as [(typeof NETWORKS)[number], (typeof NETWORKS)[number]];
let cloud: TestServices;
let admin: string;
/** What the stand-in nova-api received on /v2.1/os-server-external-events (nova itself is tested in sim/nova). */
const novaEvents: { headers: Record<string, string | string[] | undefined>; body: unknown }[] = [];
const nova = createServer((req, res) => {
  let data = '';
  req.on('data', (chunk: Buffer) => (data += chunk.toString()));
  req.on('end', () => {
    novaEvents.push({ headers: req.headers, body: JSON.parse(data) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(data);
  });
});

beforeAll(async () => {
  cloud = await startTestServices(['neutron']);
  await new Promise<void>((resolve) => nova.listen(0, '127.0.0.1', resolve));
  cloud.env.endpoints['nova-api'] = `http://127.0.0.1:${(nova.address() as AddressInfo).port}`;
  admin = await cloud.token('admin');
});
afterAll(async () => {
  await cloud.shutdown();
  await new Promise((resolve) => nova.close(resolve));
});

describe('neutron v2.0', () => {
  it('answers discovery with 200 and lists networks by name and id', async () => {
    expect((await cloud.request('neutron', 'GET', '/')).json).toMatchObject({ versions: [{ id: 'v2.0', status: 'CURRENT' }] });
    const byName = await cloud.request('neutron', 'GET', '/v2.0/networks?name=private', { token: admin });
    expect(byName.json).toMatchObject({ networks: [{ id: privateNet.id, name: 'private', subnets: [privateNet.subnet.id] }] });
    const byIds = await cloud.request('neutron', 'GET', `/v2.0/networks?id=${privateNet.id}&id=${publicNet.id}`, { token: admin });
    expect((byIds.json as { networks: unknown[] }).networks).toHaveLength(2);
    const external = await cloud.request('neutron', 'GET', '/v2.0/networks?router:external=True', { token: admin });
    expect(external.json).toMatchObject({ networks: [{ name: 'public' }] });
  });

  it('lists subnets, extensions and (no) floating IPs', async () => {
    expect((await cloud.request('neutron', 'GET', `/v2.0/subnets?id=${privateNet.subnet.id}`, { token: admin })).json).toMatchObject({ subnets: [{ cidr: '10.0.0.0/26', network_id: privateNet.id }] });
    expect(((await cloud.request('neutron', 'GET', '/v2.0/extensions', { token: admin })).json as { extensions: { alias: string }[] }).extensions.map((e) => e.alias)).toContain('binding');
    expect((await cloud.request('neutron', 'GET', '/v2.0/floatingips', { token: admin })).json).toEqual({ floatingips: [] });
  });

  it('creates a port, binds it, tells nova network-vif-plugged in a request of its own, and deletes it', async () => {
    const server = '8d2b7c66-1a4c-4f38-8e0b-3c3a1f7a9e11';
    const created = await cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: privateNet.id, device_id: server, admin_state_up: true } } });
    expect(created.status).toBe(201);
    const port = (created.json as { port: { id: string; status: string; fixed_ips: { ip_address: string }[]; mac_address: string } }).port;
    expect(port.status).toBe('DOWN');
    expect(port.fixed_ips[0]!.ip_address).toMatch(/^10\.0\.0\.\d+$/);
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const caller = 'req-0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const bound = await cloud.request('neutron', 'PUT', `/v2.0/ports/${port.id}`, { token: admin, headers: { 'X-OpenStack-Request-ID': caller }, body: { port: { 'binding:host_id': 'compute-1', device_owner: 'compute:nova', 'binding:profile': {}, dns_name: 'vm1' } } });
    expect(bound.json).toMatchObject({ port: { status: 'ACTIVE', 'binding:host_id': 'compute-1', 'binding:vif_type': 'ovs' } });
    const listed = await cloud.request('neutron', 'GET', `/v2.0/ports?device_id=${server}&fields=id&fields=status`, { token: admin });
    expect(listed.json).toEqual({ ports: [{ id: port.id, status: 'ACTIVE' }] });
    await expect.poll(() => novaEvents.length).toBe(1);
    expect(novaEvents[0]!.body).toEqual({ events: [{ name: 'network-vif-plugged', server_uuid: server, tag: port.id, status: 'completed' }] });
    const sentId = novaEvents[0]!.headers['x-openstack-request-id'];
    expect(isValidRequestId(sentId)).toBe(true);
    expect(sentId).not.toBe(caller);
    expect(novaEvents[0]!.headers['x-auth-token']).toBe(cloud.env.serviceAuth.token);
    expect((await cloud.request('neutron', 'DELETE', `/v2.0/ports/${port.id}`, { token: admin })).status).toBe(204);
    expect((await cloud.request('neutron', 'GET', `/v2.0/ports?device_id=${server}`, { token: admin })).json).toEqual({ ports: [] });
  });

  it('tells nova network-vif-plugged for a compute port created already bound, and nothing for other ports', async () => {
    const before = novaEvents.length;
    await cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: privateNet.id, device_id: 'router-1', device_owner: 'network:router_interface', 'binding:host_id': 'controller' } } });
    const created = await cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: privateNet.id, device_id: 'vm-9', device_owner: 'compute:nova', 'binding:host_id': 'compute-1' } } });
    expect(created.json).toMatchObject({ port: { status: 'ACTIVE' } });
    await expect.poll(() => novaEvents.length).toBe(before + 1);
    expect(novaEvents.at(-1)!.body).toMatchObject({ events: [{ name: 'network-vif-plugged', server_uuid: 'vm-9' }] });
  });

  it('shows the demo user its own network and the external one, not the admin ones', async () => {
    const demo = await cloud.token('demo');
    const names = ((await cloud.request('neutron', 'GET', '/v2.0/networks', { token: demo })).json as { networks: { name: string }[] }).networks.map((n) => n.name);
    expect(names.sort()).toEqual(['private', 'public']);
  });
});

describe('neutron bad input', () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const cases: [string, () => Promise<{ status: number; json: unknown }>, number, string, string | RegExp][] = [
    ['a network by name', () => cloud.request('neutron', 'GET', '/v2.0/networks/private', { token: admin }), 404, 'NetworkNotFound', 'Network private could not be found.'],
    ['an unknown port', () => cloud.request('neutron', 'GET', `/v2.0/ports/${missing}`, { token: admin }), 404, 'PortNotFound', `Port ${missing} could not be found.`],
    ['an unknown subnet', () => cloud.request('neutron', 'GET', `/v2.0/subnets/${missing}`, { token: admin }), 404, 'SubnetNotFound', `Subnet ${missing} could not be found.`],
    ['malformed JSON', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, raw: '{"port"', headers: { 'Content-Type': 'application/json' } }), 400, 'HTTPBadRequest', 'Malformed request body'],
    ['a port without network_id', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: {} } }), 400, 'HTTPBadRequest', /Required attribute 'network_id' not specified/],
    ['a port on an unknown network', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: missing } } }), 404, 'NetworkNotFound', `Network ${missing} could not be found.`],
    ['an unknown attribute', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: privateNet.id, colour: 'red' } } }), 400, 'HTTPBadRequest', "Unrecognized attribute(s) 'colour'"],
    ['a wrongly typed attribute', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { port: { network_id: privateNet.id, admin_state_up: 'yes' } } }), 400, 'HTTPBadRequest', /admin_state_up/],
    ['a network_id update', () => cloud.request('neutron', 'PUT', `/v2.0/ports/${missing}`, { token: admin, body: { port: { network_id: privateNet.id } } }), 400, 'HTTPBadRequest', 'Cannot update read-only attribute network_id'],
    ['no port object', () => cloud.request('neutron', 'POST', '/v2.0/ports', { token: admin, body: { network_id: privateNet.id } }), 400, 'HTTPBadRequest', /'port' object/],
    ['a bad token', () => cloud.request('neutron', 'GET', '/v2.0/networks', { token: 'nope' }), 401, 'HTTPUnauthorized', 'The request you have made requires authentication.'],
  ];
  it.each(cases)('answers %s with its status and a NeutronError', async (_name, send, status, type, message) => {
    const before = { ...cloud.stats('neutron') };
    const response = await send();
    await expect.poll(() => cloud.stats('neutron').refused).toBe(before.refused + 1);
    expect(cloud.stats('neutron').failed).toBe(before.failed);
    expect(response.status).toBe(status);
    const error = (response.json as { NeutronError: { type: string; message: string; detail: string } }).NeutronError;
    expect(error.type).toBe(type);
    expect(error.detail).toBe('');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect((await cloud.request('neutron', 'GET', '/')).status).toBe(200);
  });
});
