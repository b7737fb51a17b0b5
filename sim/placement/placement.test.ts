import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServices } from '../kit/testing/services.js';
import type { TestServices } from '../kit/testing/services.js';
import { providerUuid } from './providers.js';

let cloud: TestServices;
let admin: string;
const rp1 = providerUuid('compute-1');
const rp2 = providerUuid('compute-2');
const v = (minor: number) => ({ 'OpenStack-API-Version': `placement 1.${minor}` });

beforeAll(async () => {
  cloud = await startTestServices(['placement'], { computeHosts: ['compute-1', 'compute-2'] });
  admin = cloud.env.serviceAuth.token;
});
afterAll(() => cloud.shutdown());

const put = (consumer: string, body: unknown, minor = 28) => cloud.request('placement', 'PUT', `/allocations/${consumer}`, { token: admin, headers: v(minor), body });
const claim = (rp: string, generation: number | null, resources: Record<string, number> = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }) => ({ allocations: { [rp]: { resources } }, project_id: 'p', user_id: 'u', consumer_generation: generation });

describe('placement', () => {
  it('answers discovery and echoes the microversion headers', async () => {
    const root = await cloud.request('placement', 'GET', '/');
    expect(root.json).toMatchObject({ versions: [{ id: 'v1.0', max_version: '1.39', min_version: '1.0' }] });
    const listed = await cloud.request('placement', 'GET', '/resource_providers', { token: admin, headers: v(36) });
    expect(listed.headers.get('openstack-api-version')).toBe('placement 1.36');
    expect(listed.headers.get('vary')).toBe('openstack-api-version');
    expect((listed.json as { resource_providers: { name: string; uuid: string }[] }).resource_providers.map((p) => p.name)).toEqual(['compute-1', 'compute-2']);
  });

  it('offers allocation candidates on every host that fits', async () => {
    const response = await cloud.request('placement', 'GET', '/allocation_candidates?limit=1000&resources=DISK_GB:1,MEMORY_MB:512,VCPU:1', { token: admin, headers: v(36) });
    expect(response.status).toBe(200);
    const body = response.json as { allocation_requests: { allocations: Record<string, unknown>; mappings: unknown }[]; provider_summaries: Record<string, { resources: { VCPU: { capacity: number } }; traits: string[] }> };
    expect(body.allocation_requests.map((r) => Object.keys(r.allocations)[0])).toEqual([rp1, rp2]);
    expect(body.allocation_requests[0]!.mappings).toEqual({ '': [rp1] });
    expect(body.provider_summaries[rp1]!.resources.VCPU.capacity).toBe(32);
    const tooBig = await cloud.request('placement', 'GET', '/allocation_candidates?resources=VCPU:100', { token: admin, headers: v(36) });
    expect(tooBig.json).toEqual({ allocation_requests: [], provider_summaries: {} });
  });

  it('filters candidates by required and forbidden traits', async () => {
    const count = async (query: string) => ((await cloud.request('placement', 'GET', `/allocation_candidates?resources=VCPU:1&${query}`, { token: admin, headers: v(36) })).json as { allocation_requests: unknown[] }).allocation_requests.length;
    expect(await count('root_required=!COMPUTE_STATUS_DISABLED')).toBe(2);
    expect(await count('required=HW_CPU_X86_AVX2')).toBe(2);
    expect(await count('required=CUSTOM_GPU')).toBe(0);
    expect(await count('root_required=!HW_CPU_X86_AVX2')).toBe(0);
  });

  it('claims, reads and deletes a consumer with generations', async () => {
    const consumer = '3a22559d-2ad8-4029-9276-c5dd1431c5f2';
    expect((await cloud.request('placement', 'GET', `/allocations/${consumer}`, { token: admin, headers: v(28) })).json).toEqual({ allocations: {} });
    expect((await put(consumer, claim(rp1, null))).status).toBe(204);
    const read = await cloud.request('placement', 'GET', `/allocations/${consumer}`, { token: admin, headers: v(28) });
    expect(read.json).toMatchObject({ allocations: { [rp1]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } }, consumer_generation: 1, project_id: 'p', user_id: 'u' });
    const stale = await put(consumer, claim(rp1, null));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ errors: [{ status: 409, code: 'placement.concurrent_update' }] });
    const usages = await cloud.request('placement', 'GET', `/resource_providers/${rp1}/usages`, { token: admin });
    expect(usages.json).toMatchObject({ usages: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } });
    expect((await cloud.request('placement', 'DELETE', `/allocations/${consumer}`, { token: admin })).status).toBe(204);
    expect((await cloud.request('placement', 'GET', `/resource_providers/${rp1}/usages`, { token: admin })).json).toMatchObject({ usages: { VCPU: 0 } });
  });

  it('moves allocations between consumers with POST /allocations', async () => {
    const instance = '11111111-2222-4333-8444-555555555555';
    const migration = '66666666-7777-4888-8999-000000000000';
    await put(instance, claim(rp1, null));
    const moved = await cloud.request('placement', 'POST', '/allocations', { token: admin, headers: v(28), body: { [migration]: claim(rp1, null), [instance]: { ...claim(rp2, 1) } } });
    expect(moved.status).toBe(204);
    expect((await cloud.request('placement', 'GET', `/allocations/${migration}`, { token: admin, headers: v(28) })).json).toMatchObject({ allocations: { [rp1]: {} } });
    expect((await cloud.request('placement', 'GET', `/allocations/${instance}`, { token: admin, headers: v(28) })).json).toMatchObject({ allocations: { [rp2]: {} }, consumer_generation: 2 });
  });
});

describe('placement bad input', () => {
  const consumer = '99999999-8888-4777-8666-555555555555';
  const cases: [string, () => Promise<{ status: number; json: unknown }>, number, string | RegExp, string?][] = [
    ['a microversion above the maximum', () => cloud.request('placement', 'GET', '/resource_providers', { token: admin, headers: v(99) }), 406, /Unacceptable version header: 1.99/],
    ['a malformed microversion', () => cloud.request('placement', 'GET', '/resource_providers', { token: admin, headers: { 'OpenStack-API-Version': 'placement one' } }), 400, /invalid version string/],
    ['candidates without resources', () => cloud.request('placement', 'GET', '/allocation_candidates', { token: admin, headers: v(36) }), 400, /Badly formed resources parameter/],
    ['candidates with malformed resources', () => cloud.request('placement', 'GET', '/allocation_candidates?resources=VCPU', { token: admin, headers: v(36) }), 400, /Badly formed resources parameter/],
    ['a malformed trait', () => cloud.request('placement', 'GET', '/allocation_candidates?resources=VCPU:1&required=bad-trait', { token: admin, headers: v(36) }), 400, /Expected 'required' parameter value/],
    ['candidates below 1.10', () => cloud.request('placement', 'GET', '/allocation_candidates?resources=VCPU:1', { token: admin, headers: v(9) }), 404, /could not be found/],
    ['malformed JSON', () => cloud.request('placement', 'PUT', `/allocations/${consumer}`, { token: admin, headers: { ...v(28), 'Content-Type': 'application/json' }, raw: '{' }), 400, /Malformed request body/],
    ['an allocation without consumer_generation at 1.28', () => put(consumer, { allocations: { [rp1]: { resources: { VCPU: 1 } } }, project_id: 'p', user_id: 'u' }), 400, /'consumer_generation' is a required property/],
    ['an allocation on an unknown provider', () => put(consumer, claim('00000000-0000-4000-8000-000000000000', null)), 400, /that does not exist/],
    ['an allocation over capacity', () => put(consumer, claim(rp1, null, { VCPU: 1000 })), 409, /would exceed the capacity/],
    ['a non-positive amount', () => put(consumer, claim(rp1, null, { VCPU: 0 })), 400, /JSON does not validate/],
    ['a consumer that is not a uuid', () => put('vm1', claim(rp1, null)), 400, /is not a 'uuid'/],
    ['deleting a consumer with no allocations', () => cloud.request('placement', 'DELETE', `/allocations/${consumer}`, { token: admin }), 404, /No allocations for consumer/],
    ['an unknown provider', () => cloud.request('placement', 'GET', `/resource_providers/${consumer}`, { token: admin }), 404, /No resource provider with uuid/],
    ['no token', () => cloud.request('placement', 'GET', '/resource_providers'), 401, /requires authentication/],
  ];
  it.each(cases)('answers %s with its status and an errors list', async (_name, send, status, detail) => {
    const response = await send();
    expect(response.status).toBe(status);
    const error = (response.json as { errors: { status: number; title: string; detail: string; request_id: string }[] }).errors[0]!;
    expect(error.status).toBe(status);
    expect(error.detail).toMatch(detail);
    expect(error.request_id).toMatch(/^req-/);
    expect((await cloud.request('placement', 'GET', '/')).status).toBe(200);
  });
});
