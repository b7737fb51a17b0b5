import type { Hop } from '../../../core/flow.js';
import type { HopPattern } from './types.js';

/**
 * Operation patterns: `**` matches anything, `*` matches any run of characters other than `/`,
 * `{name}` matches one path segment (a literal route parameter such as `{image_id}` included), and
 * every other character matches itself. Patterns compile once to a RegExp and are cached.
 */
const cache = new Map<string, RegExp>();

export function compilePattern(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (close < 0) throw new Error(`unclosed "{" at ${i}`);
      source += '[^/]+';
      i = close;
    } else {
      source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  re = new RegExp(`^${source}$`);
  cache.set(pattern, re);
  return re;
}

export function matchesOperation(pattern: string | undefined, operation: string): boolean {
  return pattern === undefined || compilePattern(pattern).test(operation);
}

/** true when every field the pattern sets agrees with the hop. */
export function matchesHop(pattern: HopPattern, hop: Pick<Hop, 'from' | 'to' | 'kind' | 'operation'>): boolean {
  return (
    (pattern.from === undefined || pattern.from === hop.from) &&
    (pattern.to === undefined || pattern.to === hop.to) &&
    (pattern.kind === undefined || pattern.kind === hop.kind) &&
    matchesOperation(pattern.operation, hop.operation)
  );
}

/** Same as matchesHop but ignoring the kind: used to tell "wrong kind" from "unexpected". */
export function matchesHopAnyKind(pattern: HopPattern, hop: Pick<Hop, 'from' | 'to' | 'operation'>): boolean {
  return (
    (pattern.from === undefined || pattern.from === hop.from) &&
    (pattern.to === undefined || pattern.to === hop.to) &&
    matchesOperation(pattern.operation, hop.operation)
  );
}

/** The stable key of a hop's edge, `from>to:kind:operation`; alerts de-duplicate on it. */
export function edgeKey(hop: Pick<Hop, 'from' | 'to' | 'kind' | 'operation'>): string {
  return `${hop.from}>${hop.to}:${hop.kind}:${hop.operation}`;
}
