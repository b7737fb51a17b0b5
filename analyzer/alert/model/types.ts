/**
 * The expected-flow model: what hops one operation (boot, shelve, …) may take, which it must take,
 * and in what order. Models are read from files (`apiVersion: hoptrace/v1`, `kind: FlowModel`, see
 * models/README.md), learned from observed flows (baselines), and checked against every flow.
 */
import type { HopKind } from '../../../core/flow.js';

export const MODEL_API_VERSION = 'hoptrace/v1';

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
export const HOP_KINDS: readonly HopKind[] = ['http', 'rpc_call', 'rpc_cast', 'rpc_fanout', 'db'];

/** Where a model came from: shipped in models/, written by a user, or learned from flows. */
export type ModelSource = 'shipped' | 'user' | 'learned';

/**
 * Matches hops. Every field is optional and absent means "any". `operation` is a pattern:
 * `*` matches within one path segment, `**` matches anything, `{name}` matches one segment
 * (so `GET /v2/images/{id}` matches the route `GET /v2/images/{image_id}`).
 */
export interface HopPattern {
  readonly from?: string;
  readonly to?: string;
  readonly kind?: HopKind;
  readonly operation?: string;
}

/** One hop an operation may (or must) take. */
export interface ExpectedHop extends HopPattern {
  /** Names the hop in order rules and alerts; defaults to `from>to:operation`. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: HopKind;
  /** true: a completed flow without this hop raises a missing-hop alert. */
  readonly required: boolean;
  /** Bounds on how many times the hop occurs in one flow; absent bound = unbounded. */
  readonly count?: { readonly min?: number; readonly max?: number };
}

/** `before` must first occur before `after` first occurs, when both occur. */
export interface OrderRule {
  readonly before: string;
  readonly after: string;
}

export interface FlowModel {
  /** The operation this model describes (`boot`, …); the flow's `operation` selects it. */
  readonly operation: string;
  readonly description: string;
  readonly source: ModelSource;
  /** Bumped each time the model is changed through the API (accept). */
  readonly revision: number;
  /** For learned models: how many flows they were learned from. */
  readonly learnedFrom?: number;
  readonly hops: readonly ExpectedHop[];
  readonly order: readonly OrderRule[];
  /** The file the model was read from, when it was. */
  readonly file?: string;
}

/** A hop no flow may take, whatever its operation; `except` lists the permitted shapes. */
export interface ForbiddenHop extends HopPattern {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly except: readonly HopPattern[];
}

/** Global rules that hold for every flow. */
export interface Invariants {
  readonly name: string;
  readonly forbidden: readonly ForbiddenHop[];
  /** Hops every operation may take besides its model's (token validation by any API service). */
  readonly allowed: readonly HopPattern[];
  /** RPC method → the only kind it may be sent as (`build_and_run_instance: rpc_cast`). */
  readonly rpcKinds: Readonly<Record<string, HopKind>>;
  readonly file?: string;
}
