import type { HopKind } from '../../../core/flow.js';
import type { Severity } from '../model/types.js';
import type { ViolationType } from '../rules/violation.js';

/** The offending hop, as an alert names it: enough to find it in the flow and in Jaeger. */
export interface AlertHop {
  /**
   * The hop's number in the flow as `list`/`get` serve it (re-read from the current flow by span
   * ids: numbers shift when earlier-starting spans arrive later); as raised in SSE and sinks.
   */
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly kind: HopKind;
  readonly operation: string;
  /** The caller's and (when seen) the callee's span ids. */
  readonly spanIds: readonly string[];
}

export interface ExpectedHopView {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: HopKind;
  readonly operation: string;
}

/**
 * One alert: one rule broken by one hop (or one set of missing hops) of one flow. Seeing the
 * same violation again updates `lastSeenUs` and `count` instead of raising a new alert.
 */
export interface Alert {
  /** Stable for (flow, rule, subject): re-evaluations update the same alert. */
  readonly id: string;
  readonly flowId: string;
  readonly operation: string;
  readonly type: ViolationType;
  /** The rule or baseline broken, e.g. `invariant/compute-no-database`. */
  readonly rule: string;
  /** Other rules the same hop broke. */
  readonly alsoBroken: readonly string[];
  readonly severity: Severity;
  readonly summary: string;
  readonly hop?: AlertHop;
  /** Hops the model expected (missing hops, the kind a wrong-kind hop should have had). */
  readonly expected?: readonly ExpectedHopView[];
  /** The flow, relative to the analyzer's base URL: `/api/flows/{id}`. */
  readonly link: string;
  /** Microseconds since the epoch. */
  readonly firstSeenUs: number;
  readonly lastSeenUs: number;
  /** Offending hops seen (a group alert: violations folded into it). */
  readonly count: number;
  /**
   * `resolved` when a later evaluation of the completed flow no longer finds the violation (late
   * spans brought the hop a missing-hop alert was about); `resolvedUs` says when.
   */
  readonly status: 'firing' | 'resolved';
  readonly resolvedUs?: number;
  /**
   * Set on a group alert: the same rule broken by the same edge in more flows than the rate limit
   * lets through one by one. `flowId` is then the first flow folded in.
   */
  readonly group?: { readonly flows: number; readonly sampleFlowIds: readonly string[] };
}

export type AlertChange = 'new' | 'updated' | 'resolved';
export type AlertListener = (alert: Alert, change: AlertChange) => void;
