import type { Request, Response } from 'express';
import { ApiError } from '../../kit/rest/index.js';

/** The compute API's microversion range: 2.1 up to 2.100 (2025.x; satisfies openstacksdk's cap). */
export const MIN_MICROVERSION = '2.1';
export const MAX_MICROVERSION = '2.100';
const MAX_MINOR = 100;

/** A parsed compute microversion; only the minor part varies (the major is always 2). */
export interface Microversion {
  readonly minor: number;
}

export const VARY = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';

/**
 * Reads the requested microversion as nova does (nova/api/openstack/wsgi.py): `OpenStack-API-Version:
 * compute 2.x` wins over the legacy `X-OpenStack-Nova-API-Version: 2.x`; `latest` is the maximum;
 * no header is 2.1. A malformed value → 400; a version outside [2.1, 2.100] → 406.
 */
export function parseMicroversion(req: Request): Microversion {
  const raw = requested(req);
  if (raw === undefined) return { minor: 1 };
  if (raw.toLowerCase() === 'latest') return { minor: MAX_MINOR };
  const match = /^(\d+)\.(\d+)$/.exec(raw);
  if (!match) throw new ApiError(400, `API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 2 || minor < 1 || minor > MAX_MINOR) {
    throw new ApiError(406, `Version ${raw} is not supported by the API. Minimum is ${MIN_MICROVERSION} and maximum is ${MAX_MICROVERSION}.`);
  }
  return { minor };
}

function requested(req: Request): string | undefined {
  const standard = req.get('openstack-api-version');
  if (standard !== undefined) {
    for (const part of standard.split(',')) {
      const [service, version] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'compute' && version !== undefined) return version;
    }
  }
  return req.get('x-openstack-nova-api-version')?.trim() || undefined;
}

/** The three headers nova puts on every versioned response, errors included. */
export function setVersionHeaders(res: Response, version: Microversion): void {
  const text = `2.${version.minor}`;
  res.setHeader('OpenStack-API-Version', `compute ${text}`);
  res.setHeader('X-OpenStack-Nova-API-Version', text);
  res.setHeader('Vary', VARY);
}

/** The request's microversion, set by the versioning middleware. */
export function versionOf(res: Response): Microversion {
  return (res.locals['microversion'] as Microversion | undefined) ?? { minor: 1 };
}

export function atLeast(version: Microversion, minor: number): boolean {
  return version.minor >= minor;
}
