import type { RequestHandler, Response } from 'express';
import { ApiError } from '../kit/rest/api-error.js';

/** Placement's microversion range (placement Epoxy: 1.0 … 1.39). */
export const MIN_VERSION = '1.0';
export const MAX_VERSION = '1.39';

/**
 * Reads `OpenStack-API-Version: placement 1.x` (no header = 1.0, `latest` = the maximum) into
 * `res.locals.microversion` as a minor number, and answers every response with the version
 * headers. Malformed → 400; outside the range → 406.
 */
export function microversionMiddleware(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Vary', 'openstack-api-version');
    const header = req.get('openstack-api-version') ?? '';
    const match = header.split(',').map((part) => part.trim().split(/\s+/)).find(([service]) => service?.toLowerCase() === 'placement');
    let minor = 0;
    if (match !== undefined) {
      const value = match[1] ?? '';
      if (value === 'latest') minor = minorOf(MAX_VERSION);
      else if (/^1\.\d+$/.test(value)) minor = Number(value.split('.')[1]);
      else {
        res.setHeader('OpenStack-API-Version', `placement ${MIN_VERSION}`);
        throw new ApiError(400, `invalid version string: ${value}`, { code: 'placement.undefined_code' });
      }
    }
    res.setHeader('OpenStack-API-Version', `placement 1.${minor}`);
    if (minor > minorOf(MAX_VERSION)) throw new ApiError(406, `Unacceptable version header: 1.${minor}`, { code: 'placement.undefined_code' });
    res.locals['microversion'] = minor;
    next();
  };
}

/** The request's microversion minor number (1.28 → 28). */
export function minorVersion(res: Response): number {
  return Number(res.locals['microversion'] ?? 0);
}

/** 404 as placement answers a route that needs a higher microversion than requested. */
export function requireVersion(res: Response, minor: number): void {
  if (minorVersion(res) < minor) throw new ApiError(404, 'The resource could not be found.', { code: 'placement.undefined_code' });
}

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}
