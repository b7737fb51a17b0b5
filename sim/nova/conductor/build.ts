import type { RequestContext } from '../../kit/context.js';
import { isRemoteError } from '../../kit/rpc/errors.js';
import type { InstanceRecord } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { VmState } from '../objects/states.js';
import type { RequestSpec } from '../objects/store.js';
import type { Selection } from '../rpcapi/scheduler.js';
import { CONTROLLER_HOST } from '../../kit/devstack.js';
import type { ConductorDeps } from './manager.js';

const EVENT = 'conductor_schedule_and_build_instances';

/**
 * `schedule_and_build_instances`: one `select_destinations` call for every instance of the
 * request, then per instance: create it in its cell, drop the BuildRequest, cast
 * `build_and_run_instance` to its host. A scheduling failure buries every instance in cell0 in
 * ERROR with a fault, leaving no allocation and no port.
 */
export async function scheduleAndBuildInstances(deps: ConductorDeps, context: RequestContext, specs: readonly RequestSpec[], adminPassword: string): Promise<void> {
  const { database, log } = deps;
  const wanted: { spec: RequestSpec; buildRequest: InstanceRecord }[] = [];
  for (const spec of specs) {
    const buildRequest = await database.getInstance(context, spec.instanceUuid);
    if (buildRequest && buildRequest.cell === null) wanted.push({ spec, buildRequest });
    else log.info('Build request was deleted before scheduling; nothing to build', { context, instance: spec.instanceUuid });
  }
  const first = wanted[0];
  if (!first) return;
  for (const { spec } of wanted) await database.eventStart(context, spec.instanceUuid, EVENT, CONTROLLER_HOST);
  let selections: Selection[][];
  try {
    selections = await deps.scheduler.selectDestinations(context, first.spec, wanted.map((w) => w.spec.instanceUuid));
    if (selections.length !== wanted.length || selections.some((s) => s.length === 0)) throw new Error('the scheduler returned no host');
  } catch (error) {
    for (const { buildRequest } of wanted) await bury(deps, context, buildRequest, error);
    return;
  }
  for (const [index, { buildRequest }] of wanted.entries()) await build(deps, context, buildRequest, selections[index]![0]!, adminPassword);
}

async function build(deps: ConductorDeps, context: RequestContext, buildRequest: InstanceRecord, selection: Selection, adminPassword: string): Promise<void> {
  const { database } = deps;
  const uuid = buildRequest.uuid;
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
