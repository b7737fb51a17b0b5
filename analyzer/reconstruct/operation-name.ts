/**
 * The operation a hop is named by (core/flow.ts `Hop.operation`): the HTTP `METHOD route`, the
 * RPC method, or the database `OPERATION table`. Raw URL paths are templated (ids become `{id}`)
 * so that one route is one edge.
 */
import { Attr } from '../../core/attributes.js';
import { stringAttribute } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { HopKind } from '../../core/flow.js';
import { rpcMethodOf } from './span-facts.js';

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|\d+)$/i;

/** `/v2/images/6f0e…/file` → `/v2/images/{id}/file`. */
export function templatePath(path: string): string {
  return path.split('/').map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment)).join('/');
}

function pathOfUrl(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function httpOperation(caller: Span | undefined, callee: Span | undefined): string {
  const method = stringAttribute(callee ?? caller!, Attr.httpMethod) ?? stringAttribute(caller ?? callee!, Attr.httpMethod) ?? 'HTTP';
  const route = callee === undefined ? undefined : stringAttribute(callee, Attr.httpRoute);
  if (route !== undefined) return `${method} ${route}`;
  const template = caller === undefined ? undefined : stringAttribute(caller, 'url.template');
  if (template !== undefined) return `${method} ${template}`;
  const url = caller === undefined ? undefined : stringAttribute(caller, Attr.urlFull);
  const path = (url === undefined ? undefined : pathOfUrl(url)) ?? (callee === undefined ? undefined : stringAttribute(callee, Attr.urlPath));
  if (path !== undefined) return `${method} ${templatePath(path)}`;
  return (callee ?? caller)!.name;
}

function dbOperation(span: Span): string {
  const operation = stringAttribute(span, Attr.dbOperation) ?? stringAttribute(span, 'db.operation');
  const table = stringAttribute(span, Attr.dbCollection);
  if (operation !== undefined) return table === undefined ? operation : `${operation} ${table}`;
  return span.name;
}

/** Names a hop from whichever halves were seen (at least one of the two). */
export function hopOperation(kind: HopKind, caller: Span | undefined, callee: Span | undefined): string {
  if (kind === 'http') return httpOperation(caller, callee);
  if (kind === 'db') return dbOperation((caller ?? callee)!);
  return (caller === undefined ? undefined : rpcMethodOf(caller)) ?? (callee === undefined ? undefined : rpcMethodOf(callee)) ?? (caller ?? callee)!.name;
}
