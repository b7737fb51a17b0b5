import { describe, expect, it } from 'vitest';
import type { Logger } from '../../kit/log.js';
import type { InstanceChanges, InstanceRecord } from '../objects/instance.js';
import type { ComputeDeps } from './deps.js';
import { errorsOnFailure, revertsTaskState } from './failure.js';

const SILENT: Logger = { debug: () => undefined, info: () => undefined, warning: () => undefined, error: () => undefined };
const CONTEXT = { request_id: 'req-1', global_request_id: null, user_id: null, project_id: null };
const INSTANCE = { uuid: 'vm-1', vmState: 'active', taskState: 'shelving' } as InstanceRecord;

function depsSavingTo(saved: InstanceChanges[]): ComputeDeps {
  const objects = {
    save: async (_c: unknown, _u: string, changes: InstanceChanges) => (saved.push(changes), INSTANCE),
    get: async () => INSTANCE,
    eventStart: async () => undefined,
    eventFinish: async () => undefined,
  };
  return { objects, log: SILENT } as unknown as ComputeDeps;
}

describe('compute failure handling', () => {
  it('revertsTaskState puts task_state back to None and rethrows', async () => {
    const saved: InstanceChanges[] = [];
    await expect(revertsTaskState(depsSavingTo(saved), CONTEXT, INSTANCE, async () => Promise.reject(new Error('glance is down')))).rejects.toThrow('glance is down');
    expect(saved).toEqual([{ taskState: null }]);
  });

  it('revertsTaskState saves nothing when the work succeeds', async () => {
    const saved: InstanceChanges[] = [];
    await revertsTaskState(depsSavingTo(saved), CONTEXT, INSTANCE, async () => undefined);
    expect(saved).toEqual([]);
  });

  it('errorsOnFailure puts the instance in ERROR with the fault', async () => {
    const saved: InstanceChanges[] = [];
    await expect(errorsOnFailure(depsSavingTo(saved), CONTEXT, INSTANCE, async () => Promise.reject(new Error('neutron answered 500')))).rejects.toThrow();
    expect(saved).toEqual([{ vmState: 'error', taskState: null, fault: expect.objectContaining({ code: 500, message: 'neutron answered 500' }) }]);
  });
});
