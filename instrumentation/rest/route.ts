import type { Request } from 'express';

/**
 * The matched express route as an `http.route` template (`/v2.1/servers/{server_id}`), or
 * undefined when no route matched (404s fall through every route).
 *
 * Read when the response finishes: express leaves `req.route` set to the route that handled the
 * request. `req.baseUrl` still holds a nested router's mount path when the handler answered, but
 * is reset to the parent's when an error travelled out of the router; then the mount prefix is
 * recovered by aligning the route's segments with the tail of the real path.
 */
export function matchedRoute(req: Request): string | undefined {
  return routeTemplate(routePathOf(req), req.baseUrl, req.originalUrl);
}

/** What `matchedRoute` reads of the request: the handling route's own path (`req.route.path`). */
export function routePathOf(req: { readonly route?: unknown }): unknown {
  return (req.route as { path?: unknown } | undefined)?.path;
}

/** `matchedRoute` from the values it reads: `req.route.path`, `req.baseUrl`, `req.originalUrl`. */
export function routeTemplate(routePath: unknown, baseUrl: string, originalUrl: string): string | undefined {
  if (typeof routePath !== 'string') return undefined;
  const route = routePath === '/' && baseUrl !== '' ? '' : routePath;
  const prefix = baseUrl !== '' ? baseUrl : recoveredPrefix(pathOf(originalUrl), route);
  const full = `${prefix}${route}`;
  return toTemplate(full === '' ? '/' : full);
}

/** Templates by express path; an app has a few dozen routes, so this stays small. */
const templates = new Map<string, string>();
const MAX_CACHED = 1024;

/** express `:param` (and `*splat`) segments in OpenAPI-style braces, as OpenStack's api-ref writes them. */
export function toTemplate(expressPath: string): string {
  let template = templates.get(expressPath);
  if (template === undefined) {
    template = expressPath.replace(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    if (templates.size < MAX_CACHED) templates.set(expressPath, template);
  }
  return template;
}

function recoveredPrefix(path: string, route: string): string {
  if (route.includes('*')) return '';
  const extra = segmentCount(path) - segmentCount(route);
  if (extra <= 0) return ''; // the usual case, a route on the app itself: no arrays built
  return `/${path.split('/').filter((s) => s !== '').slice(0, extra).join('/')}`;
}

/** Non-empty `/`-separated segments, counted without splitting. */
function segmentCount(path: string): number {
  let count = 0;
  for (let i = 0; i < path.length; i += 1) {
    if (path[i] !== '/' && (i === 0 || path[i - 1] === '/')) count += 1;
  }
  return count;
}

function pathOf(target: string): string {
  const mark = target.indexOf('?');
  return mark === -1 ? target : target.slice(0, mark);
}
