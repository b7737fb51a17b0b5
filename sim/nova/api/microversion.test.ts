import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../../kit/rest/index.js';
import { parseMicroversion } from './microversion.js';

function request(headers: Record<string, string>): Request {
  return { get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

function statusOf(headers: Record<string, string>): number {
  try {
    parseMicroversion(request(headers));
    return 200;
  } catch (error) {
    return isApiError(error) ? error.status : 500;
  }
}

describe('parseMicroversion', () => {
  it('defaults to 2.1 and understands latest', () => {
    expect(parseMicroversion(request({}))).toEqual({ minor: 1 });
    expect(parseMicroversion(request({ 'openstack-api-version': 'compute latest' }))).toEqual({ minor: 100 });
  });

  it('prefers OpenStack-API-Version over the legacy header and ignores other services in it', () => {
    expect(parseMicroversion(request({ 'openstack-api-version': 'compute 2.61', 'x-openstack-nova-api-version': '2.5' }))).toEqual({ minor: 61 });
    expect(parseMicroversion(request({ 'openstack-api-version': 'volume 3.44', 'x-openstack-nova-api-version': '2.5' }))).toEqual({ minor: 5 });
    expect(parseMicroversion(request({ 'openstack-api-version': 'placement 1.2, compute 2.96' }))).toEqual({ minor: 96 });
  });

  it('406 outside 2.1..2.100, 400 when malformed', () => {
    expect(statusOf({ 'x-openstack-nova-api-version': '2.100' })).toBe(200);
    expect(statusOf({ 'x-openstack-nova-api-version': '2.101' })).toBe(406);
    expect(statusOf({ 'x-openstack-nova-api-version': '3.1' })).toBe(406);
    expect(statusOf({ 'x-openstack-nova-api-version': '2.0' })).toBe(406);
    expect(statusOf({ 'x-openstack-nova-api-version': '2' })).toBe(400);
    expect(statusOf({ 'openstack-api-version': 'compute 2.x' })).toBe(400);
  });
});
