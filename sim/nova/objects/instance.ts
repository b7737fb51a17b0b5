import type { Flavor } from './flavors.js';
import type { PowerState, TaskState, VmState } from './states.js';

/** One port of the instance's network info cache, as compute learned it from neutron. */
export interface VifInfo {
  readonly portId: string;
  readonly networkId: string;
  readonly networkName: string;
  readonly address: string;
  readonly macAddress: string;
  /** true when nova created the port (deleted on terminate) rather than the user. */
  readonly createdByNova: boolean;
}

/** A volume attached to the instance (`os-extended-volumes:volumes_attached`). */
export interface VolumeAttachment {
  readonly volumeId: string;
  readonly device: string;
  readonly attachmentId: string | null;
}

export interface InstanceFault {
  readonly code: number;
  readonly message: string;
  readonly details: string;
  readonly created: string;
}

/** What the user asked for in `networks`: explicit uuids, or `auto` / `none` (2.37+). */
export type RequestedNetworks = readonly { readonly uuid?: string; readonly port?: string; readonly fixedIp?: string }[] | 'auto' | 'none';

/**
 * An instance as the simulated nova stores it: a plain, JSON-serialisable record, so it can travel
 * over RPC inside a `nova_object` envelope unchanged. Times are ISO-8601 strings.
 */
export interface InstanceRecord {
  uuid: string;
  name: string;
  projectId: string;
  userId: string;
  imageRef: string;
  flavor: Flavor;
  requestedNetworks: RequestedNetworks;
  /** `cell1` once scheduled, `cell0` when buried after a scheduling failure, null while a BuildRequest. */
  cell: 'cell0' | 'cell1' | null;
  host: string | null;
  node: string | null;
  vmState: VmState;
  taskState: TaskState | null;
  powerState: PowerState;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  terminatedAt: string | null;
  availabilityZone: string | null;
  keyName: string | null;
  metadata: Record<string, string>;
  description: string | null;
  securityGroups: string[];
  /** `instance-0000000N`, nova's libvirt domain name. */
  instanceName: string;
  vifs: VifInfo[];
  volumes: VolumeAttachment[];
  fault: InstanceFault | null;
  /** The snapshot image a shelve created; cleared after unshelve. */
  shelvedImageId: string | null;
  deleted: boolean;
}

/** The mutable fields `instance.save()` may change; everything else is fixed at creation. */
export type InstanceChanges = Partial<Omit<InstanceRecord, 'uuid' | 'projectId' | 'userId' | 'createdAt'>>;

export function nowIso(): string {
  return new Date().toISOString();
}
