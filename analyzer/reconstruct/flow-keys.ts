/**
 * Which flow a span belongs to (openstack.md §1.8): its `primary` id is the global request id,
 * else its local request id; every other id it names (its own local id, the callee's id on client
 * spans) is an alias of the same flow. Spans without request ids (lost or never set) have no ids
 * and join their trace's flow.
 */
import type { Span } from '../../core/span.js';
import { calleeRequestIdOf, globalRequestIdOf, requestIdOf } from './span-facts.js';

export interface SpanIds {
  readonly primary: string | undefined;
  readonly aliases: readonly string[];
}

export function idsOf(span: Span): SpanIds {
  const local = requestIdOf(span);
  const primary = globalRequestIdOf(span) ?? local;
  const aliases: string[] = [];
  if (local !== undefined && local !== primary) aliases.push(local);
  const callee = calleeRequestIdOf(span);
  if (callee !== undefined && callee !== primary && callee !== local) aliases.push(callee);
  return { primary, aliases };
}
