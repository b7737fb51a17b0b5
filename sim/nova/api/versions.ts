import type { Request } from 'express';
import { MAX_MICROVERSION, MIN_MICROVERSION } from './microversion.js';

/** Discovery documents (api-samples/nova/versions/); `base` is `http://host:port`. */
const UPDATED = '2013-07-23T11:33:21Z';

export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

/** `GET /`: both API versions, unauthenticated, no request id. */
export function versionsDocument(base: string): unknown {
  return {
    versions: [
      { id: 'v2.0', links: [{ href: `${base}/v2/`, rel: 'self' }], status: 'DEPRECATED', version: '', min_version: '', updated: '2025-07-04T12:00:00Z' },
      { id: 'v2.1', links: [{ href: `${base}/v2.1/`, rel: 'self' }], status: 'CURRENT', version: MAX_MICROVERSION, min_version: MIN_MICROVERSION, updated: UPDATED },
    ],
  };
}

/** `GET /v2.1/`: clients read `version` as the server's maximum microversion. */
export function v21Document(base: string): unknown {
  return {
    version: {
      id: 'v2.1',
      links: [
        { href: `${base}/v2.1/`, rel: 'self' },
        { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
      status: 'CURRENT',
      version: MAX_MICROVERSION,
      min_version: MIN_MICROVERSION,
      updated: UPDATED,
    },
  };
}
