import type { RequestContext } from '../../kit/context.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { VmState } from '../objects/states.js';
import type { ComputeDeps } from './deps.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * nova's `@reverts_task_state`: when an operation fails, the task state goes back to None so the
 * server is usable again (vm_state unchanged); the error is logged and rethrown.
 */
export async function revertsTaskState(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, work: (i: InstanceRecord) => Promise<void>): Promise<void> {
  try {
    await work(instance);
  } catch (error) {
    deps.log.error(`Setting instance back to task_state=None after: ${messageOf(error)}`, { context, instance: instance.uuid });
    await deps.objects.save(context, instance.uuid, { taskState: null }).catch(() => undefined);
    throw error;
  }
}

/** nova's `_set_instance_obj_error_state` for a failed terminate: ERROR with the fault, task None. */
export async function errorsOnFailure(deps: ComputeDeps, context: RequestContext, instance: InstanceRecord, work: (i: InstanceRecord) => Promise<void>): Promise<void> {
  try {
    await work(instance);
  } catch (error) {
    deps.log.error(`Setting instance vm_state to ERROR: ${messageOf(error)}`, { context, instance: instance.uuid });
    const fault = { code: 500, message: messageOf(error), details: error instanceof Error ? (error.stack ?? '') : '', created: nowIso() };
    await deps.objects.save(context, instance.uuid, { vmState: VmState.error, taskState: null, fault }).catch(() => undefined);
    throw error;
  }
}
