import type { InstanceAction } from './actions.js';
import type { InstanceRecord } from './instance.js';

/** nova's RequestSpec, reduced to what scheduling needs. */
export interface RequestSpec {
  readonly instanceUuid: string;
  readonly projectId: string;
  readonly userId: string;
  readonly flavorId: string;
  readonly resources: Readonly<Record<string, number>>;
  readonly imageRef: string;
  readonly availabilityZone: string | null;
}

/** A hypervisor as nova records it; one per compute host here (node name = host name). */
export interface ComputeNode {
  readonly host: string;
  readonly hypervisorHostname: string;
}

export interface InstanceMapping {
  readonly instanceUuid: string;
  readonly projectId: string;
  cell: 'cell0' | 'cell1' | null;
}

/**
 * The rows of the simulated nova databases, shared by every nova component of one cloud. Nothing
 * reads or writes these maps except through {@link NovaDatabase}, which makes every access a
 * `Db` statement (so it is traced as a database hop).
 *
 * `nova_api`: build_requests, request_specs, instance_mappings. `nova_cell0` / `nova_cell1`:
 * instances (the `cell` field tells which), instance_actions, instance_actions_events.
 */
export class NovaTables {
  readonly buildRequests = new Map<string, InstanceRecord>();
  readonly requestSpecs = new Map<string, RequestSpec>();
  readonly instanceMappings = new Map<string, InstanceMapping>();
  readonly instances = new Map<string, InstanceRecord>();
  /** Compute nodes by host (`compute_nodes`, cell database): what the scheduler's host manager reads. */
  readonly computeNodes = new Map<string, ComputeNode>();
  /** Actions per instance uuid, oldest first. */
  readonly actions = new Map<string, InstanceAction[]>();
  #nextInstanceNumber = 1;

  /** The next `instance-0000000N` name. */
  nextInstanceName(): string {
    const number = this.#nextInstanceNumber++;
    return `instance-${number.toString(16).padStart(8, '0')}`;
  }
}
