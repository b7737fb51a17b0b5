import { randomUUID } from 'node:crypto';

/**
 * OpenStack request ids as oslo.context mints them and oslo.middleware validates them:
 * `req-` + a lower-case canonical UUID. Upper-case hex is invalid.
 */
const REQUEST_ID = /^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

export function newRequestId(): string {
  return `req-${randomUUID()}`;
}

export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}

/** Header names, lower-case as Node presents them. */
export const REQUEST_ID_HEADER = 'x-openstack-request-id';
export const COMPUTE_REQUEST_ID_HEADER = 'x-compute-request-id';
