import type { RequestContext } from '../../kit/context.js';
import type { FaultSwitches } from '../../kit/faults.js';
import type { Logger } from '../../kit/log.js';
import type { IncomingMessage, RpcDispatcher } from '../../kit/rpc/types.js';
import type { AllocationRequest, PlacementClient } from '../clients/placement.js';
import { fromNovaObject, toNovaObject } from '../objects/nova-object.js';
import type { NovaDatabase } from '../objects/database.js';
import type { RequestSpec } from '../objects/store.js';
import type { Selection } from '../rpcapi/scheduler.js';
import { NoValidHost } from './errors.js';
import type { HostManager } from './host-manager.js';
import type { ProviderNames } from './provider-names.js';

export interface SchedulerDeps {
  readonly database: NovaDatabase;
  readonly placement: PlacementClient;
  readonly hosts: HostManager;
  readonly faults: FaultSwitches;
  readonly log: Logger;
  /** Which placement provider is which host, learned outside any flow. */
  readonly providers: ProviderNames;
}

/**
 * nova-scheduler (nova/scheduler/manager.py): `select_destinations` asks placement for
 * candidates, filters and weighs the hosts, and claims the chosen one with `PUT /allocations`.
 */
export function schedulerDispatcher(deps: SchedulerDeps): RpcDispatcher {
  return async (message: IncomingMessage) => {
    const { args, context } = message;
    switch (message.method) {
      case 'select_destinations': {
        const spec = fromNovaObject<RequestSpec>(args['spec_obj'], 'RequestSpec');
        const uuids = Array.isArray(args['instance_uuids']) ? args['instance_uuids'].map(String) : [spec.instanceUuid];
        return selectDestinations(deps, context, spec, uuids);
      }
      case 'update_instance_info': {
        const info = args['instance_info'] as { uuid: string };
        deps.hosts.addInstance(String(args['host_name']), info.uuid);
        return null;
      }
      case 'delete_instance_info':
        deps.hosts.removeInstance(String(args['host_name']), String(args['instance_uuid']));
        return null;
      default:
        throw new TypeError(`nova-scheduler has no method ${message.method}`);
    }
  };
}

/**
 * Hosts for each of `uuids`, chosen in turn: each choice is claimed in placement and consumed
 * from the host state at once (nova's `consume_from_request`), so the instances of one request
 * spread over the hosts.
 */
async function selectDestinations(deps: SchedulerDeps, context: RequestContext, spec: RequestSpec, uuids: readonly string[]): Promise<unknown[][]> {
  const enabled = new Set((await deps.database.listComputeNodes(context)).map((node) => node.host));
  const candidates = deps.faults.schedulerSkipsPlacement ? withoutPlacement(deps) : await withPlacement(deps, context, spec);
  const passing = new Map(candidates.filter((c) => enabled.has(c.selection.serviceHost)).map((c) => [c.selection.serviceHost, c]));
  if (deps.faults.noValidHost || passing.size === 0) {
    deps.log.info('Filtering removed all hosts for the request', { context, instance: spec.instanceUuid });
    throw new NoValidHost('There are not enough hosts available.');
  }
  const result: unknown[][] = [];
  for (const uuid of uuids) {
    const ranked = deps.hosts.weigh([...passing.keys()]).map((host) => passing.get(host)!);
    const chosen = ranked[0]!;
    if (chosen.allocation) await claim(deps, context, uuid, chosen.allocation);
    deps.hosts.addInstance(chosen.selection.serviceHost, uuid);
    deps.log.info(`Selected host: ${chosen.selection.serviceHost}`, { context, instance: uuid });
    result.push(ranked.map((c) => toNovaObject('Selection', c.selection)));
  }
  return result;
}

interface Candidate {
  readonly selection: Selection;
  readonly allocation: AllocationRequest | null;
}

async function withPlacement(deps: SchedulerDeps, context: RequestContext, spec: RequestSpec): Promise<Candidate[]> {
  const candidates = await deps.placement.allocationCandidates(context, spec.resources);
  const byHost = new Map<string, Candidate>();
  for (const request of candidates.allocation_requests) {
    const provider = Object.keys(request.allocations)[0];
    if (provider === undefined) continue;
    const host = await deps.providers.hostOf(provider);
    if (host === undefined || byHost.has(host)) continue;
    byHost.set(host, { selection: selectionFor(host, provider, JSON.stringify(request)), allocation: request });
  }
  return deps.hosts.weigh([...byHost.keys()]).map((host) => byHost.get(host)!);
}

function withoutPlacement(deps: SchedulerDeps): Candidate[] {
  return deps.hosts.weigh(deps.hosts.hosts).map((host) => ({ selection: selectionFor(host, deps.hosts.providerOfHost(host) ?? host, null), allocation: null }));
}

function selectionFor(host: string, provider: string, allocationRequest: string | null): Selection {
  return { serviceHost: host, nodename: host, computeNodeUuid: provider, allocationRequest };
}

/** The claim: read the consumer's generation, then write the allocation (placement 1.28). */
async function claim(deps: SchedulerDeps, context: RequestContext, consumer: string, allocation: AllocationRequest): Promise<void> {
  const current = await deps.placement.getAllocations(context, consumer);
  await deps.placement.putAllocations(context, consumer, allocation, current.consumer_generation);
}
