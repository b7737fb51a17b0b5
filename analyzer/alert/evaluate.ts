import { edgeKey } from './model/pattern.js';
import { flowFailedRule } from './rules/flow-failed.js';
import { invariantRule } from './rules/invariants.js';
import { BASELINE_WORDS, MODEL_WORDS, checkAgainstModel } from './rules/model-check.js';
import { orderRule } from './rules/order.js';
import { traceContextRule } from './rules/trace-context.js';
import type { Rule, RuleContext, Violation, ViolationType } from './rules/violation.js';

const modelRule: Rule = (ctx) => (ctx.model ? checkAgainstModel(ctx.flow, ctx.model, ctx.phase, MODEL_WORDS(ctx.model.operation)) : []);
const baselineRule: Rule = (ctx) => (ctx.baseline ? checkAgainstModel(ctx.flow, ctx.baseline, ctx.phase, BASELINE_WORDS(ctx.baseline.operation)) : []);

/** Every rule, in no particular order: merging below decides what one hop's alert says. */
export const RULES: readonly Rule[] = [invariantRule, modelRule, orderRule, baselineRule, flowFailedRule, traceContextRule];

/** When several rules flag the same hop, the alert names the first of these; the rest go to `alsoBroken`. */
const PRECEDENCE: readonly ViolationType[] = [
  'forbidden_hop', 'wrong_kind', 'trace_context_lost', 'unexpected_hop', 'changed_kind', 'new_edge',
  'flow_failed', 'order', 'unusual_count', 'missing_hop', 'missing_edge',
];

/**
 * Runs every rule on one flow and merges the findings so that one hop (one edge of the flow)
 * yields one violation, and the missing hops of a completed flow yield one violation: a flow that
 * breaks an invariant with one hop gets exactly one alert for it, not one per rule.
 * Pure and synchronous; cost is O(hops × model hops).
 */
export function evaluateFlow(ctx: RuleContext): Violation[] {
  const groups = new Map<string, Violation[]>();
  for (const rule of RULES) {
    for (const v of rule(ctx)) {
      const key = v.hop && v.type !== 'unusual_count' && v.type !== 'order' ? `hop:${edgeKey(v.hop)}` : v.type.startsWith('missing') ? 'missing' : `${v.type}:${v.subject}`;
      const list = groups.get(key);
      if (list) list.push(v);
      else groups.set(key, [v]);
    }
  }
  const merged = [...groups.values()].map(merge);
  return foldMissingIntoCause(merged);
}

/**
 * Hops a flow took instead of the expected ones explain the expected ones it then lacks (nova-api
 * casting straight to compute is why select_destinations never happened). When a flow has such a
 * hop, the missing hops become evidence on that hop's alert instead of a second alert.
 */
function foldMissingIntoCause(list: readonly Violation[]): Violation[] {
  const missing = list.find((v) => v.type === 'missing_hop' || v.type === 'missing_edge');
  const cause = list.find((v) => v.type === 'forbidden_hop' || v.type === 'unexpected_hop' || v.type === 'new_edge');
  if (!missing || !cause) return [...list];
  const folded: Violation = {
    ...cause,
    expected: [...(cause.expected ?? []), ...(missing.expected ?? [])],
    alsoBroken: [...new Set([...(cause.alsoBroken ?? []), missing.rule, ...(missing.alsoBroken ?? [])])],
  };
  return list.filter((v) => v !== missing).map((v) => (v === cause ? folded : v));
}

function merge(list: readonly Violation[]): Violation {
  if (list.length === 1) return list[0]!;
  const sorted = [...list].sort((a, b) => PRECEDENCE.indexOf(a.type) - PRECEDENCE.indexOf(b.type));
  const [head, ...rest] = sorted as [Violation, ...Violation[]];
  return { ...head, alsoBroken: [...new Set(rest.map((v) => v.rule))] };
}
