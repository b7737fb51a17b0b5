import type { Flow, Hop } from '../../../core/flow.js';
import type { Span } from '../../../core/span.js';
import type { ExpectedHop, FlowModel, Invariants, Severity } from '../model/types.js';

/**
 * What a rule found wrong with one flow. Rules are pure functions of the flow (and the models);
 * the alert store turns violations into de-duplicated alerts.
 */
export type ViolationType =
  | 'forbidden_hop'
  | 'wrong_kind'
  | 'unexpected_hop'
  | 'missing_hop'
  | 'order'
  | 'unusual_count'
  | 'flow_failed'
  | 'trace_context_lost'
  | 'new_edge'
  | 'changed_kind'
  | 'missing_edge';

export interface Violation {
  readonly type: ViolationType;
  /** The rule or baseline broken: `invariant/<id>`, `model/<op>/unexpected-hop`, `baseline/<op>/new-edge`, … */
  readonly rule: string;
  readonly severity: Severity;
  /** One human sentence naming the hop. */
  readonly message: string;
  /** The offending hop (the first one seen); absent for missing hops. */
  readonly hop?: Hop;
  /** Every offending hop of this violation in the flow (the same edge seen several times). */
  readonly hops?: readonly Hop[];
  /** The model hops that were expected (missing hops, wrong kind). */
  readonly expected?: readonly ExpectedHop[];
  /** What the violation is about, for de-duplication: an edge key, or a model hop id. */
  readonly subject: string;
  /** Other rules the same hop broke (set when violations are merged per hop). */
  readonly alsoBroken?: readonly string[];
}

export type Phase = 'update' | 'complete';

/** Everything a rule may look at. `model` and `baseline` are those of the flow's operation. */
export interface RuleContext {
  readonly flow: Flow;
  readonly phase: Phase;
  readonly invariants: readonly Invariants[];
  readonly model?: FlowModel;
  readonly baseline?: FlowModel;
  /** The flow's spans, when the analyzer can give them (the trace-context rule uses them). */
  readonly spans?: readonly Span[];
}

export type Rule = (ctx: RuleContext) => readonly Violation[];

/** Renders a hop for messages: `nova-api ⇒ nova-compute rpc_cast build_and_run_instance (#7)`. */
export function describeHop(hop: Pick<Hop, 'from' | 'to' | 'kind' | 'operation'> & { seq?: number }): string {
  const arrow = hop.kind === 'http' || hop.kind === 'db' ? '→' : '⇒';
  const seq = hop.seq === undefined ? '' : ` (#${hop.seq})`;
  return `${hop.from} ${arrow} ${hop.to} ${hop.kind} ${hop.operation}${seq}`;
}

export function describeExpected(hop: ExpectedHop): string {
  return describeHop({ from: hop.from, to: hop.to, kind: hop.kind, operation: hop.operation ?? '**' });
}
