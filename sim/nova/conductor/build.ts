import type { RequestContext } from '../../kit/context.js';
import { isRemoteError } from '../../kit/rpc/errors.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { VmState } from '../objects/states.js';
import type { RequestSpec } from '../objects/store.js';
import type { Selection } from '../rpcapi/scheduler.js';
import type { ConductorDeps } from './manager.js';

const EVENT = 'conductor_schedule_and_build_instances';

/**
 * One instance of `schedule_and_build_instances`: schedule (call), create the instance in its
 * cell, drop the BuildRequest, cast `build_and_run_instance` to the chosen host. A scheduling
 * failure buries the instance in cell0 in ERROR with a fault, leaving no allocation and no port.
 */
export async function buildInstance(deps: ConductorDeps, context: RequestContext, spec: RequestSpec, adminPassword: string): Promise<void> {
  const { database, log } = deps;
  const uuid = spec.instanceUuid;
  const buildRequest = await database.getInstance(context, uuid);
  if (!buildRequest || buildRequest.cell !== null) {
    log.info('Build request was deleted before scheduling; nothing to build', { context, instance: uuid });
    return;
  }
  await database.eventStart(context, uuid, EVENT, 'conductor');
  let selections: Selection[];
  try {
    selections = await deps.scheduler.selectDestinations(context, spec);
    if (selections.length === 0) throw new Error('the scheduler returned no host');
  } catch (error) {
    await bury(deps, context, buildRequest, error);
    return;
  }
  const selection = selections[0]!;
  const instance: InstanceRecord = { ...buildRequest, cell: 'cell1', host: selection.serviceHost, node: selection.nodename, availabilityZone: buildRequest.availabilityZone ?? 'nova' };
  await database.createInstance(context, instance);
  await database.mapToCell(context, uuid, 'cell1');
  if (!(await database.deleteBuildRequest(context, uuid))) {
    await abandon(deps, context, instance);
    return;
  }
  await database.eventFinish(context, uuid, EVENT, null);
  await deps.compute.buildAndRunInstance(context, instance, selection, adminPassword, { asCall: deps.faults.callInsteadOfCast === true });
}

/**
 * The user deleted the server while it was being scheduled (the BuildRequest is gone): nothing is
 * built, the claimed allocation is released and the new instance row is marked deleted.
 */
async function abandon(deps: ConductorDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  deps.log.info('Instance was deleted while it was scheduled; not building it', { context, instance: instance.uuid });
  await deps.placement.deleteAllocations(context, instance.uuid);
  await deps.database.saveInstance(context, instance.uuid, { vmState: VmState.deleted, taskState: null, deleted: true, terminatedAt: nowIso() });
  await deps.database.eventFinish(context, instance.uuid, EVENT, 'Instance was deleted during scheduling');
}

/** nova's `_bury_in_cell0`: the instance exists only as an ERROR record with its fault. */
async function bury(deps: ConductorDeps, context: RequestContext, buildRequest: InstanceRecord, error: unknown): Promise<void> {
  const noValidHost = isRemoteError(error, 'NoValidHost');
  const message = noValidHost ? (error as Error).message : `Build of instance ${buildRequest.uuid} aborted: ${String((error as Error).message ?? error)}`;
  deps.log.error(`Failed to schedule instances: ${message}`, { context, instance: buildRequest.uuid });
  const fault = { code: 500, message, details: noValidHost ? '' : String((error as Error).stack ?? ''), created: nowIso() };
  const buried: InstanceRecord = { ...buildRequest, cell: 'cell0', vmState: VmState.error, taskState: null, fault };
  await deps.database.createInstance(context, buried);
  await deps.database.mapToCell(context, buildRequest.uuid, 'cell0');
  await deps.database.deleteBuildRequest(context, buildRequest.uuid);
  await deps.database.eventFinish(context, buildRequest.uuid, EVENT, message);
}
