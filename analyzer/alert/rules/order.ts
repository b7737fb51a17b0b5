import type { Rule, Violation } from './violation.js';
import { describeExpected, describeHop } from './violation.js';
import { firstSeq } from './model-check.js';

/**
 * Order constraints of the flow's model: when both hops of a rule occurred, the first `before`
 * hop must precede the first `after` hop (by seq, the caller's start time). Checked on every
 * update; a flow that has only one of the two hops breaks nothing yet.
 */
export const orderRule: Rule = ({ flow, model }) => {
  if (!model) return [];
  const out: Violation[] = [];
  const byId = new Map(model.hops.map((h) => [h.id, h]));
  for (const o of model.order) {
    const before = byId.get(o.before);
    const after = byId.get(o.after);
    if (!before || !after) continue;
    const b = firstSeq(flow, before);
    const a = firstSeq(flow, after);
    if (!a || !b || b.seq < a.seq) continue;
    out.push({
      type: 'order',
      rule: `model/${model.operation}/order`,
      severity: 'warning',
      message: `${describeHop(a)} happened before ${describeExpected(before)} (${describeHop(b)}); ${model.operation} requires ${o.before} first`,
      hop: a,
      hops: [a, b],
      expected: [before, after],
      subject: `order:${o.before}<${o.after}`,
    });
  }
  return out;
};
