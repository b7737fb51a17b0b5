import type { Hop } from '../../../core/flow.js';
import { edgeKey, matchesHop } from '../model/pattern.js';
import type { Rule, Violation } from './violation.js';
import { describeHop } from './violation.js';

/**
 * Global invariants, checked on every flow whatever its operation: forbidden hops (with their
 * permitted exceptions; one violation per rule and component pair, naming every offending hop)
 * and the RPC kind table (a cast sent as a call waits for an answer that a
 * cast never gets, and the reverse).
 */
export const invariantRule: Rule = ({ flow, invariants }) => {
  const out: Violation[] = [];
  for (const inv of invariants) {
    for (const rule of inv.forbidden) {
      const offending = flow.hops.filter((h) => matchesHop(rule, h) && !rule.except.some((e) => matchesHop(e, h)));
      out.push(...perEdge(offending, (hops, first) => ({
        type: 'forbidden_hop',
        rule: `invariant/${rule.id}`,
        severity: rule.severity,
        message: `${describeHop(first)}${hops.length > 1 ? ` and ${hops.length - 1} more ${first.from} → ${first.to} hop(s)` : ''} break invariant ${rule.id}: ${rule.description}`,
        hop: first,
        hops,
        subject: `${first.from}>${first.to}`,
      }), (h) => `${h.from}>${h.to}`));
    }
    const wrongKind = flow.hops.filter((h) => {
      const kind = inv.rpcKinds[h.operation];
      return kind !== undefined && h.kind.startsWith('rpc_') && h.kind !== kind;
    });
    out.push(...perEdge(wrongKind, (hops, first) => ({
      type: 'wrong_kind',
      rule: `invariant/rpc-kind`,
      severity: 'critical',
      message: `${describeHop(first)} is sent as ${first.kind}; ${first.operation} is always ${inv.rpcKinds[first.operation]}`,
      hop: first,
      hops,
      subject: edgeKey(first),
    })));
  }
  return out;
};

/** Groups hops by edge (or by `keyOf`) and builds one violation per group from its hops (in seq order). */
export function perEdge(hops: readonly Hop[], build: (hops: readonly Hop[], first: Hop) => Violation, keyOf: (hop: Hop) => string = edgeKey): Violation[] {
  const byEdge = new Map<string, Hop[]>();
  for (const h of hops) {
    const key = keyOf(h);
    const list = byEdge.get(key);
    if (list) list.push(h);
    else byEdge.set(key, [h]);
  }
  return [...byEdge.values()].map((list) => build(list, list[0]!));
}
