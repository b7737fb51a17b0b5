import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, startCloud } from './cloud.js';
import { openrcEnv } from './openrc.js';

describe('startCloud', () => {
  it('starts every service on ephemeral ports, writes an openrc, logs per service and shuts down twice', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'hoptrace-cloud-'));
    const cloud = await startCloud({ ephemeralPorts: true, stepDelayMs: 0, logDir });
    try {
      for (const url of Object.values(cloud.endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cloud.authUrl).toBe(cloud.endpoints.keystone);
      const rc = openrcEnv(cloud.openrc());
      expect(rc).toMatchObject({ OS_AUTH_URL: cloud.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: 'admin', OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_ID: 'default', OS_PROJECT_DOMAIN_ID: 'default', OS_REGION_NAME: 'RegionOne', OS_IDENTITY_API_VERSION: '3', OS_INTERFACE: 'public' });
      expect(openrcEnv(cloud.openrc('demo'))).toMatchObject({ OS_USERNAME: 'demo', OS_PROJECT_NAME: 'demo' });
      expect(() => cloud.openrc('mallory')).toThrow(/no user named mallory/);
      const path = join(logDir, 'openrc');
      await cloud.writeOpenrc(path);
      expect(readFileSync(path, 'utf8')).toBe(cloud.openrc());
      const versions = await fetch(`${cloud.endpoints['nova-api']}/v2.1/`);
      expect(versions.status).toBe(200);
      expect(versions.headers.get('x-compute-request-id')).toMatch(/^req-/);
      expect((await fetch(`${cloud.endpoints.glance}/v2/images`)).status).toBe(401);
      await expect.poll(() => cloud.stats().glance?.refused).toBe(1);
      expect(Object.keys(cloud.stats()).sort()).toEqual(['cinder', 'glance', 'keystone', 'neutron', 'placement']);
    } finally {
      await cloud.shutdown();
      await cloud.shutdown();
    }
    expect(readdirSync(logDir)).toEqual(expect.arrayContaining(['nova-api.log']));
    await expect(fetch(`${cloud.endpoints.keystone}/`)).rejects.toThrow();
  });

  it('rejects naming the port when one is taken, and leaves nothing running', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      await expect(startCloud({ ports: { keystone: 0, glance: 0, neutron: port, placement: 0, cinder: 0, 'nova-api': 0 } })).rejects.toThrow(new RegExp(`EADDRINUSE.*${port}`));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('defaults to the usual OpenStack ports', () => {
    expect(DEFAULT_PORTS).toEqual({ keystone: 5000, 'nova-api': 8774, glance: 9292, neutron: 9696, placement: 8778, cinder: 8776 });
  });
});
