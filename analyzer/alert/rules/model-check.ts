import type { Flow, Hop } from '../../../core/flow.js';
import { edgeKey, matchesHop, matchesHopAnyKind } from '../model/pattern.js';
import type { ExpectedHop, FlowModel, HopPattern, Severity } from '../model/types.js';
import { perEdge } from './invariants.js';
import type { Phase, Violation, ViolationType } from './violation.js';
import { describeExpected, describeHop } from './violation.js';

/** The words one check uses: an expected model says "unexpected hop", a baseline "new edge". */
export interface Vocabulary {
  /** Rule prefix, e.g. `model/boot` or `baseline/boot`. */
  readonly prefix: string;
  readonly unexpected: { readonly type: ViolationType; readonly name: string; readonly severity: Severity };
  readonly wrongKind: { readonly type: ViolationType; readonly name: string; readonly severity: Severity };
  readonly missing: { readonly type: ViolationType; readonly name: string; readonly severity: Severity };
  readonly count: { readonly type: ViolationType; readonly name: string; readonly severity: Severity };
}

/**
 * Checks a flow's hops against one model: hops no model hop allows (unexpected, or wrong kind when
 * a model hop matches all but the kind), counts above the maximum (at any time) or below the
 * minimum (at completion), and required hops that never happened (only when the flow completed:
 * a flow in progress may still take them, a failed one is reported as failed). A hop of the wrong
 * kind still counts as present. Hops matching `allowed` (the invariants' global allowances) are
 * never unexpected.
 */
export function checkAgainstModel(flow: Flow, model: FlowModel, phase: Phase, words: Vocabulary, allowed: readonly HopPattern[] = []): Violation[] {
  const out: Violation[] = [];
  const unexpected: Hop[] = [];
  const wrongKind: Hop[] = [];
  for (const hop of flow.hops) {
    if (model.hops.some((m) => matchesHop(m, hop)) || allowed.some((a) => matchesHop(a, hop))) continue;
    (model.hops.some((m) => matchesHopAnyKind(m, hop)) ? wrongKind : unexpected).push(hop);
  }
  out.push(...perEdge(unexpected, (hops, first) => ({
    type: words.unexpected.type,
    rule: `${words.prefix}/${words.unexpected.name}`,
    severity: words.unexpected.severity,
    message: `${describeHop(first)} is not a hop of ${model.operation} (${model.source} model)`,
    hop: first,
    hops,
    subject: edgeKey(first),
  })));
  out.push(...perEdge(wrongKind, (hops, first) => {
    const expected = model.hops.filter((m) => matchesHopAnyKind(m, first));
    return {
      type: words.wrongKind.type,
      rule: `${words.prefix}/${words.wrongKind.name}`,
      severity: words.wrongKind.severity,
      message: `${describeHop(first)} should be ${expected.map((m) => m.kind).join(' or ')} in ${model.operation}`,
      hop: first,
      hops,
      expected,
      subject: edgeKey(first),
    };
  }));
  out.push(...checkCounts(flow, model, phase, words));
  if (phase === 'complete' && flow.status === 'complete') {
    const missing = model.hops.filter((m) => m.required && !flow.hops.some((h) => matchesHopAnyKind(m, h)));
    if (missing.length > 0) {
      out.push({
        type: words.missing.type,
        rule: `${words.prefix}/${words.missing.name}`,
        severity: words.missing.severity,
        message: `${model.operation} completed without ${missing.map(describeExpected).join('; ')}`,
        expected: missing,
        subject: `missing:${missing.map((m) => m.id).join(',')}`,
      });
    }
  }
  return out;
}

function checkCounts(flow: Flow, model: FlowModel, phase: Phase, words: Vocabulary): Violation[] {
  const out: Violation[] = [];
  for (const m of model.hops) {
    if (!m.count) continue;
    const hops = flow.hops.filter((h) => matchesHopAnyKind(m, h));
    const { min, max } = m.count;
    const tooMany = max !== undefined && hops.length > max;
    const tooFew = phase === 'complete' && min !== undefined && hops.length > 0 && hops.length < min;
    if (!tooMany && !tooFew) continue;
    const bound = tooMany ? `at most ${max}` : `at least ${min}`;
    out.push({
      type: words.count.type,
      rule: `${words.prefix}/${words.count.name}`,
      severity: words.count.severity,
      message: `${describeExpected(m)} happened ${hops.length} times in ${model.operation}; expected ${bound}`,
      ...(hops[0] && { hop: hops[hops.length - 1]!, hops }),
      expected: [m],
      subject: `count:${m.id}`,
    });
  }
  return out;
}

export const MODEL_WORDS = (operation: string): Vocabulary => ({
  prefix: `model/${operation}`,
  unexpected: { type: 'unexpected_hop', name: 'unexpected-hop', severity: 'warning' },
  wrongKind: { type: 'wrong_kind', name: 'wrong-kind', severity: 'critical' },
  missing: { type: 'missing_hop', name: 'missing-hop', severity: 'warning' },
  count: { type: 'unusual_count', name: 'count', severity: 'warning' },
});

export const BASELINE_WORDS = (operation: string): Vocabulary => ({
  prefix: `baseline/${operation}`,
  unexpected: { type: 'new_edge', name: 'new-edge', severity: 'warning' },
  wrongKind: { type: 'changed_kind', name: 'changed-kind', severity: 'warning' },
  missing: { type: 'missing_edge', name: 'missing-edge', severity: 'warning' },
  count: { type: 'unusual_count', name: 'unusual-count', severity: 'info' },
});

/** The first seq at which any hop matching `m` occurs, or undefined. */
export function firstSeq(flow: Flow, m: ExpectedHop): Hop | undefined {
  return flow.hops.find((h) => matchesHopAnyKind(m, h));
}
