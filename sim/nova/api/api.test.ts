import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, NETWORKS, PROJECTS } from '../../kit/devstack.js';
import { novaClient } from '../testing/client.js';
import type { NovaTestClient } from '../testing/client.js';
import { startTestCloud } from '../testing/cloud.js';
import type { TestCloud } from '../testing/cloud.js';

const PRIVATE = NETWORKS.find((n) => n.name === 'private')!.id;
const MISSING = '0b1e7a52-5a4f-4c5e-9d55-6f3c1f7b0a11';

/** nova's fault body: exactly one key, the fault name, holding code and message. */
function expectFault(body: unknown, name: string, code: number, message: RegExp | string): void {
  expect(Object.keys(body as object)).toEqual([name]);
  const fault = (body as Record<string, { code: number; message: string }>)[name]!;
  expect(fault.code).toBe(code);
  if (typeof message === 'string') expect(fault.message).toBe(message);
  else expect(fault.message).toMatch(message);
}

describe('nova-api: discovery, microversions, request ids and bad input', () => {
  let cloud: TestCloud;
  let nova: NovaTestClient;
  let serverId: string;
  beforeAll(async () => {
    cloud = await startTestCloud({}, { instanceQuota: 3 });
    nova = await novaClient(cloud.nova, cloud.env.endpoints.keystone);
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'api-test', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }] } } });
    serverId = (created.body as { server: { id: string } }).server.id;
    await nova.waitFor(serverId, (s) => s?.['status'] === 'ACTIVE');
  });
  afterAll(async () => cloud.shutdown());

  it('GET / lists versions without auth and without request-id headers', async () => {
    const response = await fetch(`${cloud.nova}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-openstack-request-id')).toBeNull();
    expect(response.headers.get('x-compute-request-id')).toBeNull();
    const body = (await response.json()) as { versions: { id: string; version: string }[] };
    expect(body.versions.map((v) => `${v.id}:${v.version}`)).toEqual(['v2.0:', 'v2.1:2.100']);
  });

  it('GET /v2.1 redirects to /v2.1/, which names the maximum microversion and carries both request ids', async () => {
    const redirect = await fetch(`${cloud.nova}/v2.1`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`${cloud.nova}/v2.1/`);
    const version = await fetch(`${cloud.nova}/v2.1/`);
    expect(((await version.json()) as { version: { version: string; min_version: string } }).version).toMatchObject({ version: '2.100', min_version: '2.1' });
    expect(version.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect(version.headers.get('x-compute-request-id')).toBe(version.headers.get('x-openstack-request-id'));
  });

  it('answers each versioned request with both version headers and Vary, at the version asked for', async () => {
    const legacy = await nova.request('GET', '/v2.1/flavors', { headers: { 'x-openstack-nova-api-version': '2.47' } });
    expect(legacy.headers.get('openstack-api-version')).toBe('compute 2.47');
    expect(legacy.headers.get('x-openstack-nova-api-version')).toBe('2.47');
    expect(legacy.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    const latest = await nova.request('GET', '/v2.1/flavors', { headers: { 'openstack-api-version': 'compute latest' } });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.100');
    const none = await nova.request('GET', '/v2.1/flavors');
    expect(none.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    expect(none.headers.get('x-compute-request-id')).toBe(none.headers.get('x-openstack-request-id'));
  });

  it('406 for a microversion out of range, 400 for a malformed one', async () => {
    const high = await nova.request('GET', '/v2.1/flavors', { headers: { 'openstack-api-version': 'compute 2.101' } });
    expect(high.status).toBe(406);
    expectFault(high.body, 'computeFault', 406, 'Version 2.101 is not supported by the API. Minimum is 2.1 and maximum is 2.100.');
    const low = await nova.request('GET', '/v2.1/flavors', { headers: { 'x-openstack-nova-api-version': '2.0' } });
    expect(low.status).toBe(406);
    const junk = await nova.request('GET', '/v2.1/flavors', { headers: { 'openstack-api-version': 'compute two' } });
    expect(junk.status).toBe(400);
    expectFault(junk.body, 'badRequest', 400, /invalid format/);
  });

  it('401 in nova format without a token or with a bad one', async () => {
    for (const headers of [{}, { 'x-auth-token': 'gAAAAABnot-a-token' }] as Record<string, string>[]) {
      const response = await fetch(`${cloud.nova}/v2.1/servers`, { headers: { ...headers, 'openstack-api-version': 'compute 2.60' } });
      expect(response.status).toBe(401);
      expectFault(await response.json(), 'unauthorized', 401, 'The request you have made requires authentication.');
      expect(response.headers.get('openstack-api-version')).toBe('compute 2.60');
    }
  });

  it('flavors: list, detail with is_public=None, show, and a by-name 404 that makes clients fall back', async () => {
    const list = (await nova.request('GET', '/v2.1/flavors?is_public=None')).body as { flavors: { id: string; name: string }[] };
    expect(list.flavors.find((f) => f.name === 'm1.nano')?.id).toBe('42');
    const detail = (await nova.request('GET', '/v2.1/flavors/detail?is_public=None', { headers: { 'openstack-api-version': 'compute 2.61' } })).body as { flavors: Record<string, unknown>[] };
    expect(detail.flavors[0]).toMatchObject({ id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1, swap: '', extra_specs: {} });
    expect(((await nova.request('GET', '/v2.1/flavors/1')).body as { flavor: { name: string } }).flavor.name).toBe('m1.tiny');
    const byName = await nova.request('GET', '/v2.1/flavors/m1.tiny');
    expect(byName.status).toBe(404);
    expectFault(byName.body, 'itemNotFound', 404, 'Flavor m1.tiny could not be found.');
    expect(byName.headers.get('x-openstack-nova-api-version')).toBe('2.1');
  });

  it('accepts the legacy /v2.1/{project_id}/ prefix', async () => {
    const response = await nova.request('GET', `/v2.1/${PROJECTS[0]!.id}/servers/${serverId}`);
    expect(response.status).toBe(200);
  });

  it('server show: full fields per microversion, addresses from the port nova bound', async () => {
    const old = ((await nova.request('GET', `/v2.1/servers/${serverId}`)).body as { server: Record<string, unknown> }).server;
    expect(old['flavor']).toMatchObject({ id: '1' });
    expect(old).not.toHaveProperty('locked');
    expect(old['OS-EXT-SRV-ATTR:host']).toBe('compute-1');
    const addresses = old['addresses'] as Record<string, { addr: string; version: number }[]>;
    expect(addresses['private']?.[0]?.addr).toMatch(/^10\.0\.0\./);
    const current = ((await nova.request('GET', `/v2.1/servers/${serverId}`, { headers: { 'openstack-api-version': 'compute 2.100' } })).body as { server: Record<string, unknown> }).server;
    expect(current['flavor']).toMatchObject({ original_name: 'm1.tiny', ram: 512 });
    expect(current).toMatchObject({ locked: false, tags: [], pinned_availability_zone: null, scheduler_hints: {} });
  });

  it('server list filters by name regex and status', async () => {
    const byName = (await nova.request('GET', '/v2.1/servers?name=^api-t')).body as { servers: { id: string }[] };
    expect(byName.servers.map((s) => s.id)).toEqual([serverId]);
    const none = (await nova.request('GET', '/v2.1/servers/detail?status=SHUTOFF')).body as { servers: unknown[] };
    expect(none.servers).toEqual([]);
    const badLimit = await nova.request('GET', '/v2.1/servers?limit=-1');
    expect(badLimit.status).toBe(400);
  });

  it('404 for an unknown server, and for a server of another project', async () => {
    const unknown = await nova.request('GET', `/v2.1/servers/${MISSING}`);
    expectFault(unknown.body, 'itemNotFound', 404, `Instance ${MISSING} could not be found.`);
    const demo = await novaClient(cloud.nova, cloud.env.endpoints.keystone, 'demo', 'demo');
    expect((await demo.request('GET', `/v2.1/servers/${serverId}`)).status).toBe(404);
    expect((await demo.request('POST', `/v2.1/servers/${serverId}/action`, { body: { shelve: null } })).status).toBe(404);
  });

  it.each([
    ['no server key', { name: 'x' }, /'server' is a required property/],
    ['no name', { server: { imageRef: CIRROS_IMAGE.id, flavorRef: '1' } }, /field\/attribute name/],
    ['unknown flavor', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '999' } }, 'Flavor 999 could not be found.'],
    ['unknown image', { server: { name: 'x', imageRef: MISSING, flavorRef: '1' } }, `Image ${MISSING} could not be found.`],
    ['unknown network', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: MISSING }] } }, `Network ${MISSING} could not be found.`],
    ['unknown port', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ port: MISSING }] } }, `Port ${MISSING} could not be found.`],
    ['malformed network uuid', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: 'nope' }] } }, /Bad networks format/],
    ['min_count above max_count', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', min_count: 3, max_count: 2 } }, 'min_count must be <= max_count'],
    ['zero max_count', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', max_count: 0 } }, /max_count/],
    ['"auto" before 2.37', { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: 'auto' } }, /is not of type 'array'/],
  ])('POST /servers with %s → 400, and nothing is created', async (_name, body, message) => {
    const before = ((await nova.request('GET', '/v2.1/servers')).body as { servers: unknown[] }).servers.length;
    const response = await nova.request('POST', '/v2.1/servers', { body });
    expect(response.status).toBe(400);
    expectFault(response.body, 'badRequest', 400, message);
    expect(((await nova.request('GET', '/v2.1/servers')).body as { servers: unknown[] }).servers).toHaveLength(before);
  });

  it('403 over the instance quota; a max_count above it is trimmed to what is left', async () => {
    const over = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'flood', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }], min_count: 100000 } } });
    expectFault(over.body, 'forbidden', 403, 'Quota exceeded for instances: Requested 100000, but already used 1 of 3 instances');
    const trimmed = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'flood', imageRef: CIRROS_IMAGE.id, flavorRef: '1', networks: [{ uuid: PRIVATE }], max_count: 100000 } } });
    expect(trimmed.status).toBe(202);
    const flood = (await nova.request('GET', '/v2.1/servers?name=^flood-')).body as { servers: { id: string }[] };
    expect(flood.servers).toHaveLength(2);
    for (const server of flood.servers) {
      await nova.waitFor(server.id, (s) => s?.['status'] === 'ACTIVE');
      expect((await nova.request('DELETE', `/v2.1/servers/${server.id}`)).status).toBe(204);
      await nova.waitFor(server.id, (s) => s === null);
    }
  });

  it('POST /servers at 2.37+ requires networks; malformed JSON is a 400', async () => {
    const missing = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: CIRROS_IMAGE.id, flavorRef: '1' } }, headers: { 'openstack-api-version': 'compute 2.96' } });
    expectFault(missing.body, 'badRequest', 400, /'networks' is a required property/);
    const malformed = await nova.request('POST', '/v2.1/servers', { raw: '{"server": ' });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body as object)).toEqual(['badRequest']);
  });

  it('reads a body without Content-Type as JSON and refuses other media types with 415', async () => {
    const base = `${cloud.nova}/v2.1/servers/${serverId}/action`;
    const untyped = await fetch(base, { method: 'POST', headers: { 'x-auth-token': nova.token }, body: new TextEncoder().encode(JSON.stringify({ explode: null })) });
    expect(untyped.status).toBe(400);
    expectFault(await untyped.json(), 'badRequest', 400, 'There is no such action: explode');
    const text = await fetch(base, { method: 'POST', headers: { 'x-auth-token': nova.token, 'content-type': 'text/plain' }, body: 'reboot please' });
    expect(text.status).toBe(415);
    expectFault(await text.json(), 'badMediaType', 415, 'Unsupported Content-Type: text/plain');
  });

  it('actions: 409 in the wrong state, 400 for unknown or malformed actions', async () => {
    const start = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { 'os-start': null } });
    expectFault(start.body, 'conflictingRequest', 409, `Cannot 'start' instance ${serverId} while it is in vm_state active`);
    const unshelve = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { unshelve: null } });
    expect(unshelve.status).toBe(409);
    const offload = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { shelveOffload: null } });
    expect(offload.status).toBe(409);
    const unknown = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { explode: null } });
    expectFault(unknown.body, 'badRequest', 400, 'There is no such action: explode');
    const reboot = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { reboot: { type: 'GENTLE' } } });
    expectFault(reboot.body, 'badRequest', 400, /'type' must be SOFT or HARD/);
    const two = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { body: { shelve: null, unshelve: null } });
    expect(two.status).toBe(400);
    for (const inherited of ['constructor', 'toString', '__proto__']) {
      const response = await nova.request('POST', `/v2.1/servers/${serverId}/action`, { raw: `{"${inherited}": null}` });
      expectFault(response.body, 'badRequest', 400, `There is no such action: ${inherited}`);
    }
  });

  it('PUT /servers/{id} renames and describes (2.19+); unknown keys and bad names are 400s', async () => {
    const renamed = await nova.request('PUT', `/v2.1/servers/${serverId}`, { body: { server: { name: 'api-test-2', description: 'hi' } }, headers: { 'openstack-api-version': 'compute 2.19' } });
    expect(renamed.status).toBe(200);
    expect((renamed.body as { server: Record<string, unknown> }).server).toMatchObject({ id: serverId, name: 'api-test-2', description: 'hi' });
    expect((await nova.request('PUT', `/v2.1/servers/${serverId}`, { body: { server: { description: 'too early' } } })).status).toBe(400);
    expect((await nova.request('PUT', `/v2.1/servers/${serverId}`, { body: { server: { name: '' } } })).status).toBe(400);
    expect((await nova.request('PUT', `/v2.1/servers/${serverId}`, { body: { server: { flavorRef: '2' } } })).status).toBe(400);
    expect((await nova.request('PUT', `/v2.1/servers/${serverId}`, { body: { server: { name: 'api-test' } } })).status).toBe(200);
  });

  it('os-services lists every nova service (admin only); limits report the instance quota', async () => {
    const services = (await nova.request('GET', '/v2.1/os-services', { headers: { 'openstack-api-version': 'compute 2.53' } })).body as { services: { binary: string; host: string; state: string }[] };
    expect(services.services.map((s) => `${s.binary}@${s.host}:${s.state}`)).toEqual(['nova-conductor@controller:up', 'nova-scheduler@controller:up', 'nova-compute@compute-1:up']);
    const demo = await novaClient(cloud.nova, cloud.env.endpoints.keystone, 'demo', 'demo');
    expect((await demo.request('GET', '/v2.1/os-services')).status).toBe(403);
    const limits = (await nova.request('GET', '/v2.1/limits')).body as { limits: { absolute: Record<string, number> } };
    expect(limits.limits.absolute).toMatchObject({ maxTotalInstances: 3, totalInstancesUsed: 1, totalCoresUsed: 1, totalRAMUsed: 512 });
  });

  it('instance actions: 404 for an unknown request id', async () => {
    const response = await nova.request('GET', `/v2.1/servers/${serverId}/os-instance-actions/req-00000000-0000-4000-8000-000000000000`);
    expectFault(response.body, 'itemNotFound', 404, /Action for request_id req-00000000/);
  });

  it('external events: admin only, validated, per-event codes', async () => {
    const demo = await novaClient(cloud.nova, cloud.env.endpoints.keystone, 'demo', 'demo');
    const event = { name: 'network-changed', server_uuid: serverId, tag: 'x' };
    expect((await demo.request('POST', '/v2.1/os-server-external-events', { body: { events: [event] } })).status).toBe(403);
    expect((await nova.request('POST', '/v2.1/os-server-external-events', { body: { events: [] } })).status).toBe(400);
    expect((await nova.request('POST', '/v2.1/os-server-external-events', { body: { events: [{ ...event, name: 'bogus' }] } })).status).toBe(400);
    const mixed = await nova.request('POST', '/v2.1/os-server-external-events', { body: { events: [event, { ...event, server_uuid: MISSING }] } });
    expect(mixed.status).toBe(207);
    expect((mixed.body as { events: { code: number }[] }).events.map((e) => e.code)).toEqual([200, 404]);
  });

  it('volume attach: 404 for an unknown volume, 400 for a malformed one', async () => {
    const unknown = await nova.request('POST', `/v2.1/servers/${serverId}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: MISSING } } });
    expectFault(unknown.body, 'itemNotFound', 404, `Volume ${MISSING} could not be found.`);
    const malformed = await nova.request('POST', `/v2.1/servers/${serverId}/os-volume_attachments`, { body: { volumeAttachment: {} } });
    expect(malformed.status).toBe(400);
  });

  it('unknown paths are 404 in nova format, and the server keeps serving after all of the above', async () => {
    const response = await nova.request('GET', '/v2.1/os-nothing-here');
    expect(response.status).toBe(404);
    expect(Object.keys(response.body as object)).toEqual(['itemNotFound']);
    expect((await nova.request('GET', `/v2.1/servers/${serverId}`)).status).toBe(200);
  });
});
