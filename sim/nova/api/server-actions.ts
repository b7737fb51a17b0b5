import type { RequestContext } from '../../kit/context.js';
import { ApiError, isApiError } from '../../kit/rest/index.js';
import { InstanceActionName } from '../objects/actions.js';
import type { InstanceRecord } from '../objects/instance.js';
import { TaskState, VmState } from '../objects/states.js';
import type { TaskState as TaskStateValue } from '../objects/states.js';
import type { ApiDeps } from './deps.js';
import { requireState } from './deps.js';
import type { Microversion } from './microversion.js';
import { atLeast } from './microversion.js';
import { deleteServer } from './server-delete.js';
import { isRecord } from './validate.js';

type ActionHandler = (deps: ApiDeps, context: RequestContext, instance: InstanceRecord, value: unknown, version: Microversion) => Promise<void>;

/** Sets the task state the API sets before casting, and records the instance action. */
async function begin(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, taskState: TaskStateValue, action: InstanceActionName): Promise<InstanceRecord> {
  const updated = await deps.database.saveInstance(context, instance.uuid, { taskState });
  await deps.database.startAction(context, instance.uuid, action);
  deps.log.info(`${action} requested`, { context, instance: instance.uuid });
  return updated ?? { ...instance, taskState };
}

const shelve: ActionHandler = async (deps, context, instance) => {
  requireState(instance, 'shelve', [VmState.active, VmState.stopped, VmState.paused, VmState.suspended]);
  const updated = await begin(deps, context, instance, TaskState.shelving, InstanceActionName.shelve);
  let imageId: string;
  try {
    imageId = (await deps.glance.createImage(context, `${instance.name}-shelved`, { instance_uuid: instance.uuid, image_type: 'snapshot' })).id;
  } catch (error) {
    await deps.database.saveInstance(context, instance.uuid, { taskState: null });
    throw error;
  }
  await deps.compute.shelveInstance(context, updated, imageId);
};

const shelveOffload: ActionHandler = async (deps, context, instance) => {
  requireState(instance, 'shelveOffload', [VmState.shelved]);
  const updated = await begin(deps, context, instance, TaskState.shelvingOffloading, InstanceActionName.shelveOffload);
  await deps.compute.shelveOffloadInstance(context, updated);
};

const unshelve: ActionHandler = async (deps, context, instance, value, version) => {
  if (value !== null && !(atLeast(version, 77) && isRecord(value))) throw new ApiError(400, 'Invalid input for field/attribute unshelve. Value must be null');
  requireState(instance, 'unshelve', [VmState.shelved, VmState.shelvedOffloaded]);
  const updated = await begin(deps, context, instance, TaskState.unshelving, InstanceActionName.unshelve);
  await deps.computeTask.unshelveInstance(context, updated);
};

const reboot: ActionHandler = async (deps, context, instance, value) => {
  const type = isRecord(value) ? value['type'] : undefined;
  if (type !== 'SOFT' && type !== 'HARD') throw new ApiError(400, `Invalid input for field/attribute type. Value: ${JSON.stringify(type) ?? 'None'}. 'type' must be SOFT or HARD`);
  const allowed = type === 'SOFT' ? [VmState.active] : [VmState.active, VmState.stopped, VmState.paused, VmState.suspended, VmState.error];
  requireState(instance, 'reboot', allowed);
  const updated = await begin(deps, context, instance, type === 'SOFT' ? TaskState.rebooting : TaskState.rebootingHard, InstanceActionName.reboot);
  await deps.compute.rebootInstance(context, updated, type);
};

const start: ActionHandler = async (deps, context, instance) => {
  requireState(instance, 'start', [VmState.stopped]);
  const updated = await begin(deps, context, instance, TaskState.poweringOn, InstanceActionName.start);
  await deps.compute.startInstance(context, updated);
};

const stop: ActionHandler = async (deps, context, instance) => {
  requireState(instance, 'stop', [VmState.active, VmState.error]);
  const updated = await begin(deps, context, instance, TaskState.poweringOff, InstanceActionName.stop);
  await deps.compute.stopInstance(context, updated);
};

const forceDelete: ActionHandler = (deps, context, instance) => deleteServer(deps, context, instance, InstanceActionName.forceDelete);

const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ['shelve', shelve],
  ['shelveOffload', shelveOffload],
  ['unshelve', unshelve],
  ['reboot', reboot],
  ['os-start', start],
  ['os-stop', stop],
  ['forceDelete', forceDelete],
]);

/** `POST /servers/{id}/action`: exactly one known action per body, else 400. */
export async function runAction(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, body: unknown, version: Microversion): Promise<void> {
  if (!isRecord(body) || Object.keys(body).length !== 1) throw new ApiError(400, 'Malformed request body: an action body has exactly one key');
  const [name, value] = Object.entries(body)[0]!;
  const handler = ACTIONS.get(name);
  if (!handler) throw new ApiError(400, `There is no such action: ${name}`);
  try {
    await handler(deps, context, instance, value, version);
  } catch (error) {
    // a refusal changed nothing; anything else may have set a task state no one will clear
    if (!isApiError(error)) await deps.database.saveInstance(context, instance.uuid, { taskState: instance.taskState }).catch(() => undefined);
    throw error;
  }
}
