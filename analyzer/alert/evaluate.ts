import type { Flow } from '../../core/flow.js';
import { CLIENT_COMPONENT } from '../../core/services.js';
import { edgeKey } from './model/pattern.js';
import { flowFailedRule } from './rules/flow-failed.js';
import { invariantRule } from './rules/invariants.js';
import { BASELINE_WORDS, MODEL_WORDS, checkAgainstModel } from './rules/model-check.js';
import { orderRule } from './rules/order.js';
import { traceContextRule } from './rules/trace-context.js';
import type { Rule, RuleContext, Violation, ViolationType } from './rules/violation.js';

const allowedOf = (ctx: RuleContext) => ctx.invariants.flatMap((i) => i.allowed);
const modelRule: Rule = (ctx) => (ctx.model ? checkAgainstModel(ctx.flow, ctx.model, ctx.phase, MODEL_WORDS(ctx.model.operation), allowedOf(ctx)) : []);
const baselineRule: Rule = (ctx) => (ctx.baseline ? checkAgainstModel(ctx.flow, ctx.baseline, ctx.phase, BASELINE_WORDS(ctx.baseline.operation), allowedOf(ctx)) : []);

/** Every rule, in no particular order: merging below decides what one hop's alert says. */
export const RULES: readonly Rule[] = [invariantRule, modelRule, orderRule, baselineRule, flowFailedRule, traceContextRule];

/** When several rules flag the same hop, the alert names the first of these; the rest go to `alsoBroken`. */
const PRECEDENCE: readonly ViolationType[] = [
  'forbidden_hop', 'wrong_kind', 'trace_context_lost', 'unexpected_hop', 'changed_kind', 'new_edge',
  'flow_failed', 'order', 'unusual_count', 'missing_hop', 'missing_edge',
];

/**
 * Runs every rule on one flow and merges the findings so that each offending hop is named by one
 * violation (the first by PRECEDENCE; rules it also broke go to `alsoBroken`), and the missing
 * hops of a completed flow make one violation: a flow whose compute writes the database gets one
 * alert naming those hops, not one per rule. Pure and synchronous; O(hops × model hops).
 */
export function evaluateFlow(input: RuleContext): Violation[] {
  const ctx = input.phase === 'update' ? { ...input, flow: settledView(input.flow) } : input;
  const found = RULES.flatMap((rule) => rule(ctx)).sort((a, b) => PRECEDENCE.indexOf(a.type) - PRECEDENCE.indexOf(b.type));
  const kept: { v: Violation; also: Set<string> }[] = [];
  const ownerOf = new Map<string, { v: Violation; also: Set<string> }>();
  for (const v of found) {
    const hopKeys = v.type === 'order' || v.type === 'unusual_count' ? [] : (v.hops ?? (v.hop ? [v.hop] : [])).map(edgeKey);
    const missing = v.type === 'missing_hop' || v.type === 'missing_edge';
    const owner = missing ? kept.find((k) => k.v.type === 'missing_hop' || k.v.type === 'missing_edge') : hopKeys.length > 0 && hopKeys.every((k) => ownerOf.has(k)) ? ownerOf.get(hopKeys[0]!) : undefined;
    if (owner) {
      owner.also.add(v.rule);
      continue;
    }
    const entry = { v, also: new Set<string>() };
    kept.push(entry);
    for (const k of hopKeys) if (!ownerOf.has(k)) ownerOf.set(k, entry);
  }
  return foldMissingIntoCause(kept.map(({ v, also }) => (also.size === 0 ? v : { ...v, alsoBroken: [...also] })));
}

/**
 * While a flow is in progress its spans arrive out of order, component by component: a callee's
 * span may come before its caller's, and until then the analyzer attaches it to the root, which
 * makes a hop from the wrong component. So updates are judged on settled hops only: hops with
 * both spans, db hops (one span by nature) and the user's request; the rest wait for completion.
 */
function settledView(flow: Flow): Flow {
  const settled = flow.hops.filter((h) => h.spanIds.length >= 2 || h.kind === 'db' || h.from === CLIENT_COMPONENT);
  return settled.length === flow.hops.length ? flow : { ...flow, hops: settled };
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
