import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRROS_IMAGE } from '../kit/devstack.js';
import { startTestServices } from '../kit/testing/services.js';
import type { TestServices } from '../kit/testing/services.js';

let cloud: TestServices;
let admin: string;
beforeAll(async () => {
  cloud = await startTestServices(['glance']);
  admin = await cloud.token('admin');
});
afterAll(() => cloud.shutdown());

describe('glance v2', () => {
  it('answers discovery with 300 without a token', async () => {
    const response = await cloud.request('glance', 'GET', '/');
    expect(response.status).toBe(300);
    expect((response.json as { versions: { id: string; status: string }[] }).versions[0]).toMatchObject({ id: 'v2.18', status: 'CURRENT' });
  });

  it('lists images by name with the list envelope', async () => {
    const response = await cloud.request('glance', 'GET', `/v2/images?name=${CIRROS_IMAGE.name}`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ images: [{ id: CIRROS_IMAGE.id, name: CIRROS_IMAGE.name, status: 'active' }], first: '/v2/images', schema: '/v2/schemas/images' });
    const none = await cloud.request('glance', 'GET', '/v2/images?name=nothing', { token: admin });
    expect(none.json).toMatchObject({ images: [] });
  });

  it('pages the list with limit, marker and a next link', async () => {
    const extra = (await cloud.request('glance', 'POST', '/v2/images', { token: admin, body: { name: 'page-2' } })).json as { id: string };
    const first = (await cloud.request('glance', 'GET', '/v2/images?limit=1', { token: admin })).json as { images: { id: string }[]; next: string };
    expect(first.images.map((i) => i.id)).toEqual([CIRROS_IMAGE.id]);
    expect(first.next).toBe(`/v2/images?limit=1&marker=${CIRROS_IMAGE.id}`);
    const second = (await cloud.request('glance', 'GET', first.next, { token: admin })).json as { images: { id: string }[]; next?: string };
    expect(second.images.map((i) => i.id)).toEqual([extra.id]);
    await cloud.request('glance', 'DELETE', `/v2/images/${extra.id}`, { token: admin });
  });

  it('creates, uploads, downloads and deletes an image', async () => {
    const created = await cloud.request('glance', 'POST', '/v2/images', { token: admin, body: { name: 'vm1-shelved', disk_format: 'qcow2', container_format: 'bare', instance_uuid: 'abc' } });
    expect(created.status).toBe(201);
    const image = created.json as { id: string; status: string; instance_uuid: string; size: null };
    expect(image).toMatchObject({ status: 'queued', instance_uuid: 'abc', size: null });
    const bytes = Buffer.from('disk bytes');
    const upload = await cloud.request('glance', 'PUT', `/v2/images/${image.id}/file`, { token: admin, raw: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(upload.status).toBe(204);
    const shown = await cloud.request('glance', 'GET', `/v2/images/${image.id}`, { token: admin });
    expect(shown.json).toMatchObject({ status: 'active', size: bytes.length, checksum: createHash('md5').update(bytes).digest('hex') });
    const download = await cloud.request('glance', 'GET', `/v2/images/${image.id}/file`, { token: admin });
    expect(download.status).toBe(200);
    expect(download.text).toBe('disk bytes');
    expect((await cloud.request('glance', 'DELETE', `/v2/images/${image.id}`, { token: admin })).status).toBe(204);
    expect((await cloud.request('glance', 'GET', `/v2/images/${image.id}`, { token: admin })).status).toBe(404);
  });

  it('updates properties with a JSON patch', async () => {
    const image = (await cloud.request('glance', 'POST', '/v2/images', { token: admin, body: { name: 'p' } })).json as { id: string };
    const patched = await cloud.request('glance', 'PATCH', `/v2/images/${image.id}`, { token: admin, raw: JSON.stringify([{ op: 'add', path: '/image_type', value: 'snapshot' }, { op: 'replace', path: '/name', value: 'q' }]), headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'q', image_type: 'snapshot' });
  });
});

describe('glance bad input', () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  it('renders a 404 as WebOb does: JSON, HTML or text by Accept', async () => {
    const json = await cloud.request('glance', 'GET', `/v2/images/${missing}`, { token: admin, headers: { Accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.json).toEqual({ message: `No image found with ID ${missing}`, code: '404 Not Found', title: 'Not Found' });
    const html = await cloud.request('glance', 'GET', '/v2/images/cirros', { token: admin, headers: { Accept: '*/*' } });
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('<title>404 Not Found</title>');
    const text = await cloud.request('glance', 'GET', '/v2/images/cirros', { token: admin, headers: { Accept: 'text/plain' } });
    expect(text.text).toMatch(/^404 Not Found\n\nNo image found with ID cirros/);
  });

  const cases: [string, () => Promise<{ status: number; json: unknown }>, number, string | RegExp][] = [
    ['malformed JSON', () => cloud.request('glance', 'POST', '/v2/images', { token: admin, raw: '{', headers: { 'Content-Type': 'application/json', Accept: 'application/json' } }), 400, 'Malformed request body'],
    ['a bad disk format', () => cloud.request('glance', 'POST', '/v2/images', { token: admin, body: { disk_format: 'floppy' }, headers: { Accept: 'application/json' } }), 400, /'floppy' is not one of/],
    ['a read-only key', () => cloud.request('glance', 'POST', '/v2/images', { token: admin, body: { status: 'active' }, headers: { Accept: 'application/json' } }), 403, "Attribute 'status' is read-only."],
    ['a body that is not an object', () => cloud.request('glance', 'POST', '/v2/images', { token: admin, body: [1], headers: { Accept: 'application/json' } }), 400, 'Request body must be a JSON object'],
    ['an upload to an active image', () => cloud.request('glance', 'PUT', `/v2/images/${CIRROS_IMAGE.id}/file`, { token: admin, raw: 'x', headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' } }), 409, /transition from active to saving/],
    ['a bad patch', () => cloud.request('glance', 'PATCH', `/v2/images/${CIRROS_IMAGE.id}`, { token: admin, body: { op: 'add' }, headers: { Accept: 'application/json' } }), 400, /JSON array/],
    ['no token', () => cloud.request('glance', 'GET', '/v2/images', { headers: { Accept: 'application/json' } }), 401, 'The request you have made requires authentication.'],
    ['an unknown marker', () => cloud.request('glance', 'GET', '/v2/images?marker=nope', { token: admin, headers: { Accept: 'application/json' } }), 400, 'marker nope not found'],
    ['a bad limit', () => cloud.request('glance', 'GET', '/v2/images?limit=x', { token: admin, headers: { Accept: 'application/json' } }), 400, 'limit param must be an integer'],
  ];
  it.each(cases)('answers %s with its status and a WebOb JSON body', async (_name, send, status, message) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = response.json as { message: string; code: string; title: string };
    expect(body.code).toMatch(new RegExp(`^${status} `));
    if (typeof message === 'string') expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
    expect((await cloud.request('glance', 'GET', '/')).status).toBe(300);
  });
});
