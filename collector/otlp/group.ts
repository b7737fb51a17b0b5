import type { Resource, Span } from '../../core/span.js';

/** Spans of one resource and one scope, the unit of OTLP's ScopeSpans. */
export interface ScopeGroup {
  readonly scopeName: string;
  readonly spans: Span[];
}

export interface ResourceGroup {
  readonly resource: Resource;
  readonly scopes: ScopeGroup[];
}

/**
 * Groups spans as OTLP nests them: by resource (object identity — decoders share one Resource
 * per ResourceSpans), then by scope name, each in order of first appearance, spans in input order.
 */
export function groupByResource(spans: readonly Span[]): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  const byResource = new Map<Resource, Map<string, ScopeGroup>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (scopes === undefined) {
      scopes = new Map();
      byResource.set(span.resource, scopes);
      groups.push({ resource: span.resource, scopes: [] });
    }
    let scope = scopes.get(span.scopeName);
    if (scope === undefined) {
      scope = { scopeName: span.scopeName, spans: [] };
      scopes.set(span.scopeName, scope);
      groups.find((g) => g.resource === span.resource)!.scopes.push(scope);
    }
    scope.spans.push(span);
  }
  return groups;
}
