import { describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { novaOperation, novaOperationAttributes } from './nova-operation.js';

const ID = '0e7c1a52-3b1d-4f0a-9d35-6a6c2f9b8e41';

describe('nova-api operation', () => {
  it.each([
    ['POST', '/v2.1/servers', { server: {} }, 'boot'],
    ['POST', '/compute/v2.1/servers', { server: {} }, 'boot'],
    ['DELETE', `/v2.1/servers/${ID}`, undefined, 'delete'],
    ['POST', `/v2.1/servers/${ID}/action`, { shelve: null }, 'shelve'],
    ['POST', `/v2.1/servers/${ID}/action`, { unshelve: { availability_zone: 'az1' } }, 'unshelve'],
    ['POST', `/v2.1/servers/${ID}/action`, { shelveOffload: null }, 'shelveOffload'],
    ['POST', `/v2.1/servers/${ID}/action`, { reboot: { type: 'HARD' } }, 'reboot'],
    ['POST', `/v2.1/servers/${ID}/action`, { 'os-start': null }, 'start'],
    ['POST', `/v2.1/servers/${ID}/action`, { 'os-stop': null }, 'stop'],
    ['POST', `/v2.1/servers/${ID}/action`, { forceDelete: null }, 'delete'],
    ['POST', `/v2.1/servers/${ID}/action`, { resize: { flavorRef: '2' } }, 'resize'],
    ['POST', `/v2.1/servers/${ID}/os-volume_attachments`, { volumeAttachment: {} }, 'attach_volume'],
    ['DELETE', `/v2.1/servers/${ID}/os-volume_attachments/vol-1`, undefined, 'detach_volume'],
  ])('%s %s %j is %s', (method, path, body, expected) => {
    expect(novaOperation({ method, path, body })).toBe(expected);
  });

  it.each([
    ['GET', `/v2.1/servers/${ID}`, undefined],
    ['GET', '/v2.1/servers/detail', undefined],
    ['POST', `/v2.1/servers/${ID}/action`, { shelve: null, unshelve: null }],
    ['POST', `/v2.1/servers/${ID}/action`, 'shelve'],
    ['POST', '/v2.1/os-server-external-events', { events: [] }],
  ])('%s %s %j changes no server', (method, path, body) => {
    expect(novaOperation({ method, path, body })).toBeUndefined();
  });

  it('reads the instance uuid from the path, else from the Location of a boot', () => {
    expect(novaOperationAttributes({ method: 'POST', path: `/v2.1/servers/${ID.toUpperCase()}/action`, body: { reboot: {} } })).toEqual({
      [Attr.operation]: 'reboot',
      [Attr.instanceUuid]: ID,
    });
    expect(novaOperationAttributes({ method: 'POST', path: '/v2.1/servers', body: {}, location: `http://127.0.0.1:8774/v2.1/servers/${ID}` })).toEqual({
      [Attr.operation]: 'boot',
      [Attr.instanceUuid]: ID,
    });
    expect(novaOperationAttributes({ method: 'GET', path: '/v2.1/flavors/1', body: undefined })).toEqual({});
  });

  it('tags an external event batch with the one server and port it reports on', () => {
    const event = (server_uuid: string, tag: string) => ({ name: 'network-vif-plugged', server_uuid, tag, status: 'completed' });
    expect(novaOperationAttributes({ method: 'POST', path: '/v2.1/os-server-external-events', body: { events: [event(ID, 'port-1')] } })).toEqual({
      [Attr.instanceUuid]: ID,
      [Attr.portId]: 'port-1',
    });
    const other = '5f1c2a3e-8b9d-4c7e-a6f5-0d1e2f3a4b5c';
    expect(novaOperationAttributes({ method: 'POST', path: '/v2.1/os-server-external-events', body: { events: [event(ID, 'p1'), event(other, 'p2')] } })).toEqual({});
    expect(novaOperationAttributes({ method: 'POST', path: '/v2.1/os-server-external-events', body: { events: 'nope' } })).toEqual({});
  });
});
