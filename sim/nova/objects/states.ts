/**
 * nova's instance state machine: `vm_state` and `task_state` values (nova/compute/vm_states.py,
 * task_states.py) and the API status derived from them (nova/api/openstack/common.py `_STATE_MAP`).
 */
export const VmState = {
  active: 'active',
  building: 'building',
  stopped: 'stopped',
  paused: 'paused',
  suspended: 'suspended',
  error: 'error',
  deleted: 'deleted',
  shelved: 'shelved',
  shelvedOffloaded: 'shelved_offloaded',
} as const;
export type VmState = (typeof VmState)[keyof typeof VmState];

export const TaskState = {
  scheduling: 'scheduling',
  networking: 'networking',
  blockDeviceMapping: 'block_device_mapping',
  spawning: 'spawning',
  deleting: 'deleting',
  rebooting: 'rebooting',
  rebootPending: 'reboot_pending',
  rebootStarted: 'reboot_started',
  rebootingHard: 'rebooting_hard',
  rebootPendingHard: 'reboot_pending_hard',
  rebootStartedHard: 'reboot_started_hard',
  poweringOff: 'powering-off',
  poweringOn: 'powering-on',
  shelving: 'shelving',
  shelvingImagePendingUpload: 'shelving_image_pending_upload',
  shelvingImageUploading: 'shelving_image_uploading',
  shelvingOffloading: 'shelving_offloading',
  unshelving: 'unshelving',
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** libvirt power states as nova reports them in `OS-EXT-STS:power_state`. */
export const PowerState = { noState: 0, running: 1, shutdown: 4 } as const;
export type PowerState = (typeof PowerState)[keyof typeof PowerState];

const DEFAULT_STATUS: Record<VmState, string> = {
  active: 'ACTIVE',
  building: 'BUILD',
  stopped: 'SHUTOFF',
  paused: 'PAUSED',
  suspended: 'SUSPENDED',
  error: 'ERROR',
  deleted: 'DELETED',
  shelved: 'SHELVED',
  shelved_offloaded: 'SHELVED_OFFLOADED',
};

const ACTIVE_OVERRIDES: Readonly<Record<string, string>> = {
  rebooting: 'REBOOT',
  reboot_pending: 'REBOOT',
  reboot_started: 'REBOOT',
  rebooting_hard: 'HARD_REBOOT',
  reboot_pending_hard: 'HARD_REBOOT',
  reboot_started_hard: 'HARD_REBOOT',
};

/** The upper-case API status for a state pair, as `GET /servers/{id}` reports it. */
export function statusOf(vmState: VmState, taskState: TaskState | null): string {
  if (vmState === VmState.active && taskState !== null) {
    return ACTIVE_OVERRIDES[taskState] ?? DEFAULT_STATUS.active;
  }
  return DEFAULT_STATUS[vmState];
}
