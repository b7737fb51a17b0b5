/**
 * nova's per-request record of who worked on an instance (`os-instance-actions`): one action per
 * API request, keyed by its request id, with one event per service-side step
 * (nova/compute/instance_actions.py, `wrap_instance_event`).
 */
export const InstanceActionName = {
  create: 'create',
  delete: 'delete',
  forceDelete: 'forceDelete',
  reboot: 'reboot',
  shelve: 'shelve',
  shelveOffload: 'shelveOffload',
  unshelve: 'unshelve',
  start: 'start',
  stop: 'stop',
  attachVolume: 'attach_volume',
} as const;
export type InstanceActionName = (typeof InstanceActionName)[keyof typeof InstanceActionName];

export interface InstanceActionEvent {
  readonly event: string;
  readonly host: string;
  readonly startTime: string;
  finishTime: string | null;
  result: 'Success' | 'Error' | null;
  traceback: string | null;
  details: string | null;
}

export interface InstanceAction {
  readonly action: InstanceActionName;
  readonly instanceUuid: string;
  readonly requestId: string;
  readonly userId: string | null;
  readonly projectId: string | null;
  readonly startTime: string;
  updatedAt: string;
  message: string | null;
  readonly events: InstanceActionEvent[];
}
