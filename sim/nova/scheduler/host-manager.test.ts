import { describe, expect, it } from 'vitest';
import { HostManager } from './host-manager.js';

describe('HostManager', () => {
  it('weighs the least loaded host first, ties by name', () => {
    const hosts = new HostManager(['compute-1', 'compute-2']);
    expect(hosts.weigh(['compute-2', 'compute-1'])).toEqual(['compute-1', 'compute-2']);
    hosts.addInstance('compute-1', 'a');
    expect(hosts.weigh(hosts.hosts)).toEqual(['compute-2', 'compute-1']);
    hosts.removeInstance('compute-1', 'a');
    expect(hosts.weigh(hosts.hosts)).toEqual(['compute-1', 'compute-2']);
  });

  it('maps placement providers to hosts it knows, and ignores others', () => {
    const hosts = new HostManager(['compute-1']);
    hosts.learnProvider('rp-1', 'compute-1');
    hosts.learnProvider('rp-x', 'elsewhere');
    expect(hosts.hostOfProvider('rp-1')).toBe('compute-1');
    expect(hosts.providerOfHost('compute-1')).toBe('rp-1');
    expect(hosts.hostOfProvider('rp-x')).toBeUndefined();
  });
});
