import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTS } from '../kit/devstack.js';
import { startTestServices } from '../kit/testing/services.js';
import type { TestServices } from '../kit/testing/services.js';

let cloud: TestServices;
let admin: string;
const base = `/v3/${PROJECTS[0]!.id}`;
const v = (minor: number) => ({ 'OpenStack-API-Version': `volume 3.${minor}` });

beforeAll(async () => {
  cloud = await startTestServices(['cinder']);
  admin = await cloud.token('admin');
});
afterAll(() => cloud.shutdown());

async function newVolume(): Promise<string> {
  const created = await cloud.request('cinder', 'POST', `${base}/volumes`, { token: admin, body: { volume: { size: 1, name: 'vol1' } } });
  expect(created.status).toBe(202);
  const id = (created.json as { volume: { id: string } }).volume.id;
  await expect.poll(async () => ((await cloud.request('cinder', 'GET', `${base}/volumes/${id}`, { token: admin })).json as { volume: { status: string } }).volume.status).toBe('available');
  return id;
}

describe('cinder v3', () => {
  it('creates a volume that becomes available, lists and shows it', async () => {
    const id = await newVolume();
    expect((await cloud.request('cinder', 'GET', `${base}/volumes`, { token: admin })).json).toMatchObject({ volumes: [{ id, name: 'vol1' }] });
    expect((await cloud.request('cinder', 'GET', `${base}/volumes/detail`, { token: admin })).json).toMatchObject({ volumes: [{ id, size: 1, status: 'available' }] });
  });

  it('attaches a volume: reserve, connect, complete, then detach', async () => {
    const volume = await newVolume();
    const instance = '3a22559d-2ad8-4029-9276-c5dd1431c5f2';
    const created = await cloud.request('cinder', 'POST', `${base}/attachments`, { token: admin, headers: v(44), body: { attachment: { volume_uuid: volume, instance_uuid: instance } } });
    expect(created.status).toBe(200);
    const attachment = (created.json as { attachment: { id: string; status: string } }).attachment;
    expect(attachment.status).toBe('reserved');
    const updated = await cloud.request('cinder', 'PUT', `${base}/attachments/${attachment.id}`, { token: admin, headers: v(44), body: { attachment: { connector: { host: 'compute-1', initiator: 'iqn.1993-08.org.debian:01:abc' } } } });
    expect(updated.json).toMatchObject({ attachment: { status: 'attaching', connection_info: { driver_volume_type: 'iscsi' } } });
    expect((await cloud.request('cinder', 'POST', `${base}/attachments/${attachment.id}/action`, { token: admin, headers: v(44), body: { 'os-complete': null } })).status).toBe(204);
    expect((await cloud.request('cinder', 'GET', `${base}/volumes/${volume}`, { token: admin })).json).toMatchObject({ volume: { status: 'in-use', attachments: [{ server_id: instance }] } });
    expect((await cloud.request('cinder', 'DELETE', `${base}/attachments/${attachment.id}`, { token: admin, headers: v(44) })).status).toBe(200);
    expect((await cloud.request('cinder', 'GET', `${base}/volumes/${volume}`, { token: admin })).json).toMatchObject({ volume: { status: 'available', attachments: [] } });
  });
});

describe('cinder bad input', () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const cases: [string, () => Promise<{ status: number; json: unknown }>, number, string, string | RegExp][] = [
    ['an unknown volume', () => cloud.request('cinder', 'GET', `${base}/volumes/${missing}`, { token: admin }), 404, 'itemNotFound', `Volume ${missing} could not be found.`],
    ['a zero size', () => cloud.request('cinder', 'POST', `${base}/volumes`, { token: admin, body: { volume: { size: 0 } } }), 400, 'badRequest', /must be an integer and greater than 0/],
    ['no volume object', () => cloud.request('cinder', 'POST', `${base}/volumes`, { token: admin, body: { size: 1 } }), 400, 'badRequest', "Missing required element 'volume' in request body."],
    ['malformed JSON', () => cloud.request('cinder', 'POST', `${base}/volumes`, { token: admin, raw: '{', headers: { 'Content-Type': 'application/json' } }), 400, 'badRequest', 'Malformed request body'],
    ['attachments below 3.27', () => cloud.request('cinder', 'GET', `${base}/attachments`, { token: admin }), 404, 'itemNotFound', 'The resource could not be found.'],
    ['an attachment of an unknown volume', () => cloud.request('cinder', 'POST', `${base}/attachments`, { token: admin, headers: v(44), body: { attachment: { volume_uuid: missing, instance_uuid: missing } } }), 404, 'itemNotFound', `Volume ${missing} could not be found.`],
    ['an unsupported microversion', () => cloud.request('cinder', 'GET', `${base}/volumes`, { token: admin, headers: v(99) }), 406, 'notAcceptable', /Version 3.99 is not supported/],
    ['no token', () => cloud.request('cinder', 'GET', `${base}/volumes`), 401, 'unauthorized', 'The request you have made requires authentication.'],
  ];
  it.each(cases)('answers %s with its status and a nova-style fault', async (_name, send, status, fault, message) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = (response.json as Record<string, { code: number; message: string }>)[fault]!;
    expect(body.code).toBe(status);
    if (typeof message === 'string') expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
    expect((await cloud.request('cinder', 'GET', '/')).status).toBe(300);
  });
});
