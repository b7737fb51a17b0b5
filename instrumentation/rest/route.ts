import type { Request } from 'express';

/**
 * The matched express route as an `http.route` template (`/v2.1/servers/{server_id}`), or
 * undefined when no route matched (404s fall through every route).
 *
 * Read when the response finishes: express sets `req.route` and `req.baseUrl` while dispatching,
 * and they still describe the handler that answered unless it passed the request on.
 */
export function matchedRoute(req: Request): string | undefined {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return undefined;
  const full = `${req.baseUrl}${path === '/' && req.baseUrl !== '' ? '' : path}`;
  return toTemplate(full === '' ? '/' : full);
}

/** express `:param` (and `*splat`) segments in OpenAPI-style braces, as OpenStack's api-ref writes them. */
export function toTemplate(expressPath: string): string {
  return expressPath.replace(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
