/**
 * Fault switches that make the simulated cloud take hops a real cloud never should, so alerts can
 * be proven end to end. All off by default. Each names the violation it produces.
 */
export interface FaultSwitches {
  /** nova-compute writes the database directly instead of calling conductor `object_action`. */
  readonly computeWritesDb?: boolean;
  /** nova-api casts `build_and_run_instance` straight to compute, bypassing conductor and scheduler. */
  readonly apiCastsToCompute?: boolean;
  /** nova-scheduler selects a host without asking placement. */
  readonly schedulerSkipsPlacement?: boolean;
  /** nova-compute attaches a volume without calling cinder. */
  readonly computeSkipsCinder?: boolean;
  /** conductor *calls* `build_and_run_instance` where the real code casts. */
  readonly callInsteadOfCast?: boolean;
  /** No host passes the filters: the boot ends in ERROR with "No valid host was found". */
  readonly noValidHost?: boolean;
}

export const NO_FAULTS: FaultSwitches = Object.freeze({});
