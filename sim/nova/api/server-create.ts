import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '../../kit/context.js';
import { ApiError } from '../../kit/rest/index.js';
import { isNotFound } from '../clients/rest.js';
import { InstanceActionName } from '../objects/actions.js';
import { findFlavor, resourcesOf } from '../objects/flavors.js';
import type { Flavor } from '../objects/flavors.js';
import type { InstanceRecord, RequestedNetworks } from '../objects/instance.js';
import { nowIso } from '../objects/instance.js';
import { PowerState, TaskState, VmState } from '../objects/states.js';
import type { RequestSpec } from '../objects/store.js';
import type { ApiDeps } from './deps.js';
import type { Microversion } from './microversion.js';
import { atLeast } from './microversion.js';
import { parseNetworks, validateNetworks } from './server-networks.js';
import { envelope, invalid, isRecord, optionalCount, requiredName } from './validate.js';

/** What `POST /servers` answers: the first server created, and its admin password. */
export interface CreatedServer {
  readonly instance: InstanceRecord;
  readonly adminPass: string;
}

/**
 * `POST /servers` (nova/compute/api.py `_create_instance`): validate the body, the flavor, the
 * image (glance) and the networks (neutron) — all before anything is written, so a refused request
 * leaves nothing behind — then write BuildRequest, RequestSpec and InstanceMapping, record the
 * `create` action and cast `schedule_and_build_instances` to the conductor.
 */
export async function createServer(deps: ApiDeps, context: RequestContext, body: unknown, version: Microversion): Promise<CreatedServer> {
  const server = envelope(body, 'server');
  const name = requiredName(server['name']);
  const flavor = lookupFlavor(server['flavorRef']);
  const imageRef = server['imageRef'];
  if (typeof imageRef !== 'string' || imageRef === '') throw invalid('imageRef', `Value: ${JSON.stringify(imageRef) ?? 'None'}. An image is required (boot from volume is not simulated)`);
  const networks = parseNetworks(server['networks'], version);
  const minCount = optionalCount(server['min_count'], 'min_count') ?? 1;
  const maxCount = optionalCount(server['max_count'], 'max_count') ?? minCount;
  if (minCount > maxCount) throw new ApiError(400, "min_count must be <= max_count");
  const metadata = server['metadata'] ?? {};
  if (!isRecord(metadata) || Object.values(metadata).some((v) => typeof v !== 'string')) throw invalid('metadata', 'Value must be an object of strings');
  const description = server['description'];
  if (description !== undefined && (!atLeast(version, 19) || (description !== null && typeof description !== 'string'))) throw invalid('description', 'Additional properties are not allowed');

  await checkImage(deps, context, imageRef);
  await validateNetworks(deps, context, networks);
  const count = await withinQuota(deps, context, minCount, maxCount);

  const adminPass = randomBytes(9).toString('base64url').slice(0, 12);
  const created: InstanceRecord[] = [];
  for (let index = 1; index <= count; index++) {
    const instance = newInstance(deps, context, {
      name: count > 1 ? `${name}-${index}` : name,
      flavor,
      imageRef,
      networks,
      metadata: metadata as Record<string, string>,
      description: typeof description === 'string' ? description : null,
      availabilityZone: typeof server['availability_zone'] === 'string' ? server['availability_zone'] : null,
      keyName: typeof server['key_name'] === 'string' ? server['key_name'] : null,
    });
    await recordBuild(deps, context, instance);
    created.push(instance);
  }
  try {
    if (deps.faults.apiCastsToCompute) {
      for (const instance of created) await castStraightToCompute(deps, context, instance, adminPass);
    } else {
      await deps.computeTask.scheduleAndBuildInstances(context, created, created.map(specOf), adminPass);
    }
  } catch (error) {
    // nothing will build them: take the BuildRequests back so no server stays in BUILD forever
    for (const instance of created) await deps.database.deleteBuildRequest(context, instance.uuid);
    throw error;
  }
  return { instance: created[0]!, adminPass };
}

/**
 * nova's instance quota: as many of `maxCount` as the project still may have, at least
 * `minCount`, else 403 in nova's words.
 */
async function withinQuota(deps: ApiDeps, context: RequestContext, minCount: number, maxCount: number): Promise<number> {
  const used = (await deps.database.listInstances(context, context.project_id)).length;
  const allowed = deps.instanceQuota - used;
  if (allowed < minCount) {
    throw new ApiError(403, `Quota exceeded for instances: Requested ${minCount}, but already used ${used} of ${deps.instanceQuota} instances`);
  }
  return Math.min(maxCount, allowed);
}

function lookupFlavor(flavorRef: unknown): Flavor {
  if (typeof flavorRef !== 'string' && typeof flavorRef !== 'number') throw invalid('flavorRef', `Value: ${JSON.stringify(flavorRef) ?? 'None'}. 'flavorRef' is a required property`);
  const id = String(flavorRef).replace(/^.*\/flavors\//, '');
  const flavor = findFlavor(id);
  if (!flavor) throw new ApiError(400, `Flavor ${id} could not be found.`);
  return flavor;
}

async function checkImage(deps: ApiDeps, context: RequestContext, imageRef: string): Promise<void> {
  try {
    const image = await deps.glance.getImage(context, imageRef);
    if (image.status !== 'active') throw new ApiError(400, `Image ${imageRef} is not active.`);
  } catch (error) {
    if (isNotFound(error)) throw new ApiError(400, `Image ${imageRef} could not be found.`);
    throw error;
  }
}

interface NewInstance {
  readonly name: string;
  readonly flavor: Flavor;
  readonly imageRef: string;
  readonly networks: RequestedNetworks;
  readonly metadata: Record<string, string>;
  readonly description: string | null;
  readonly availabilityZone: string | null;
  readonly keyName: string | null;
}

function newInstance(deps: ApiDeps, context: RequestContext, fields: NewInstance): InstanceRecord {
  const now = nowIso();
  return {
    uuid: randomUUID(),
    name: fields.name,
    projectId: context.project_id ?? '',
    userId: context.user_id ?? '',
    imageRef: fields.imageRef,
    flavor: fields.flavor,
    requestedNetworks: fields.networks,
    cell: null,
    host: null,
    node: null,
    vmState: VmState.building,
    taskState: TaskState.scheduling,
    powerState: PowerState.noState,
    createdAt: now,
    updatedAt: now,
    launchedAt: null,
    terminatedAt: null,
    availabilityZone: fields.availabilityZone,
    keyName: fields.keyName,
    metadata: fields.metadata,
    description: fields.description,
    securityGroups: ['default'],
    instanceName: deps.database.nextInstanceName(),
    vifs: [],
    volumes: [],
    fault: null,
    shelvedImageId: null,
    deleted: false,
  };
}

function specOf(instance: InstanceRecord): RequestSpec {
  return {
    instanceUuid: instance.uuid,
    projectId: instance.projectId,
    userId: instance.userId,
    flavorId: instance.flavor.id,
    resources: resourcesOf(instance.flavor),
    imageRef: instance.imageRef,
    availabilityZone: instance.availabilityZone,
  };
}

/** BuildRequest, RequestSpec and InstanceMapping rows, and the `create` action. */
async function recordBuild(deps: ApiDeps, context: RequestContext, instance: InstanceRecord): Promise<void> {
  await deps.database.createBuildRequest(context, instance, specOf(instance));
  await deps.database.startAction(context, instance.uuid, InstanceActionName.create);
  deps.log.info('Creating instance', { context, instance: instance.uuid });
}

/** The `apiCastsToCompute` fault: nova-api places the instance itself and casts the build to compute. */
async function castStraightToCompute(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, adminPass: string): Promise<void> {
  const host = deps.computeHosts[0];
  if (host === undefined) throw new Error('no compute host to cast to');
  const placed: InstanceRecord = { ...instance, cell: 'cell1', host, node: host, availabilityZone: instance.availabilityZone ?? 'nova' };
  await deps.database.createInstance(context, placed);
  await deps.database.mapToCell(context, instance.uuid, 'cell1');
  await deps.database.deleteBuildRequest(context, instance.uuid);
  await deps.compute.buildAndRunInstance(context, placed, { serviceHost: host, nodename: host, computeNodeUuid: host, allocationRequest: null }, adminPass);
}
