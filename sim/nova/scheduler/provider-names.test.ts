import { describe, expect, it } from 'vitest';
import type { ResourceProvider } from '../clients/placement.js';
import { HostManager } from './host-manager.js';
import { ProviderNames } from './provider-names.js';

describe('ProviderNames', () => {
  it('learns the providers in the background once ready, retrying failures', async () => {
    let calls = 0;
    let ready = false;
    const hosts = new HostManager(['compute-1']);
    const names = new ProviderNames(async () => {
      calls += 1;
      if (calls === 1) throw new Error('placement not up yet');
      return [{ uuid: 'rp-1', name: 'compute-1' }];
    }, hosts);
    names.start(() => ready);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toBe(0);
    ready = true;
    for (let i = 0; i < 100 && hosts.hostOfProvider('rp-1') === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hosts.hostOfProvider('rp-1')).toBe('compute-1');
    expect(calls).toBe(2);
    names.stop();
  });

  it('refreshes once for a provider it has not seen, and answers undefined for a stranger', async () => {
    const listed: ResourceProvider[] = [];
    let calls = 0;
    const names = new ProviderNames(async () => (calls++, listed), new HostManager(['compute-1', 'compute-2']));
    listed.push({ uuid: 'rp-2', name: 'compute-2' });
    expect(await names.hostOf('rp-2')).toBe('compute-2');
    expect(await names.hostOf('rp-2')).toBe('compute-2');
    expect(calls).toBe(1);
    expect(await names.hostOf('rp-unknown')).toBeUndefined();
    expect(calls).toBe(2);
  });
});
