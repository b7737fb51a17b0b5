import { describe, expect, it } from 'vitest';
import { statusOf } from './states.js';

describe('statusOf (nova _STATE_MAP)', () => {
  it.each([
    ['building', null, 'BUILD'],
    ['building', 'spawning', 'BUILD'],
    ['active', null, 'ACTIVE'],
    ['active', 'rebooting', 'REBOOT'],
    ['active', 'reboot_started', 'REBOOT'],
    ['active', 'rebooting_hard', 'HARD_REBOOT'],
    ['active', 'shelving', 'ACTIVE'],
    ['active', 'deleting', 'ACTIVE'],
    ['stopped', 'powering-on', 'SHUTOFF'],
    ['shelved', 'shelving_offloading', 'SHELVED'],
    ['shelved_offloaded', 'unshelving', 'SHELVED_OFFLOADED'],
    ['error', null, 'ERROR'],
  ] as const)('%s/%s → %s', (vm, task, status) => {
    expect(statusOf(vm, task)).toBe(status);
  });
});
