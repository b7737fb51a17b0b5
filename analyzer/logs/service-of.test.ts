import { describe, expect, it } from 'vitest';
import { parseOsloLog } from './parse.js';
import { ServiceResolver, UNKNOWN_SERVICE, serviceOfFile, serviceOfLogger } from './service-of.js';

describe('service resolution', () => {
  it.each([
    ['/var/log/nova/nova-api.log', 'nova-api'],
    ['nova-compute.log.1.2017-05-16_13:55:31', 'nova-compute'],
    ['/opt/stack/logs/n-cpu.log.2.gz', 'nova-compute'],
    ['devstack@n-sch.service.log', 'nova-scheduler'],
    ['glance-api.log', 'glance'],
    ['q-svc.log', 'neutron'],
    ['placement-api.log', 'placement'],
    ['/var/log/keystone/keystone.log', 'keystone'],
    ['syslog', undefined],
  ])('names the service of file %s', (file, service) => {
    expect(serviceOfFile(file)).toBe(service);
  });

  it.each([
    ['nova.osapi_compute.wsgi.server', 'nova-api'],
    ['nova.metadata.wsgi.server', 'nova-api'],
    ['nova.compute.claims', 'nova-compute'],
    ['nova.virt.libvirt.driver', 'nova-compute'],
    ['nova.scheduler.host_manager', 'nova-scheduler'],
    ['nova.conductor.manager', 'nova-conductor'],
    ['neutron.wsgi', 'neutron'],
    ['keystoneauth.session', undefined],
  ])('names the service of logger %s', (logger, service) => {
    expect(serviceOfLogger(logger)).toBe(service);
  });

  it('prefers configuration, then the file (or loghub prefix), then the logger', () => {
    const line = (prefix: string) => `${prefix}2017-05-16 00:00:00.000 1 INFO nova.compute.api [-] m`;
    const [inApiFile] = parseOsloLog(line(''), { source: '/logs/nova-api.log' }).records;
    const [withPrefix] = parseOsloLog(line('nova-scheduler.log.1 '), { source: '/logs/all.log' }).records;
    const [unnamed] = parseOsloLog(line(''), { source: '/logs/messages' }).records;
    const [configured] = parseOsloLog(line(''), { source: '/logs/api.log' }).records;
    const resolver = new ServiceResolver({ 'api.log': 'nova-api' });
    expect(resolver.serviceOf(inApiFile!)).toBe('nova-api'); // nova.compute.api runs in nova-api
    expect(resolver.serviceOf(withPrefix!)).toBe('nova-scheduler');
    expect(resolver.serviceOf(unnamed!)).toBe('nova-compute');
    expect(resolver.serviceOf(configured!)).toBe('nova-api');
    const [unknown] = parseOsloLog('2017-05-16 00:00:00.000 1 INFO mystery [-] m', { source: 'x' }).records;
    expect(resolver.serviceOf(unknown!)).toBe(UNKNOWN_SERVICE);
  });
});
