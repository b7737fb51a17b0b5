import { createComponentDb, createComponentRpcClient, startComponentRpcServer } from '../kit/component.js';
import { CONTROLLER_HOST } from '../kit/devstack.js';
import { adminContext, step } from '../kit/environment.js';
import type { CloudEnvironment } from '../kit/environment.js';
import type { ComponentInstance } from '../kit/hooks.js';
import { listen } from '../kit/rest/index.js';
import type { RpcServer } from '../kit/rpc/server.js';
import type { RpcDispatcher } from '../kit/rpc/types.js';
import { Service } from '../../core/services.js';
import { createNovaApiApp } from './api/app.js';
import { conductorDispatcher } from './conductor/manager.js';
import { DEFAULT_COMPUTE_OPTIONS } from './compute/deps.js';
import type { ComputeOptions } from './compute/deps.js';
import { computeDispatcher } from './compute/manager.js';
import { conductorObjects, directObjects } from './compute/objects.js';
import { VifEventWaiter } from './compute/vif-events.js';
import { listResourceProviders } from './clients/placement.js';
import { NovaDatabase } from './objects/database.js';
import { NovaTables } from './objects/store.js';
import { ComputeApi } from './rpcapi/compute.js';
import { ComputeTaskApi } from './rpcapi/compute-task.js';
import { ConductorApi } from './rpcapi/conductor.js';
import { SchedulerApi } from './rpcapi/scheduler.js';
import { Topic } from './rpcapi/targets.js';
import { HostManager } from './scheduler/host-manager.js';
import { schedulerDispatcher } from './scheduler/manager.js';
import { ProviderNames } from './scheduler/provider-names.js';
import { loggingDispatcher } from './rpc-log.js';
import { restClientsFor } from './wiring.js';

export interface NovaOptions {
  /** nova-api's port; 0 = ephemeral. */
  readonly port: number;
  /** Tunables of every nova-compute (`shelved_offload_time`, vif plugging timeout). */
  readonly compute?: Partial<ComputeOptions>;
  /**
   * Live servers per project (nova's `[quota] instances`). nova's default is 10; the simulated
   * cloud allows more so test suites can boot many servers in one project.
   * @default 50
   */
  readonly instanceQuota?: number;
}

export const DEFAULT_INSTANCE_QUOTA = 50;

export interface RunningNova {
  /** nova-api's root URL, `http://127.0.0.1:<port>` (the compute endpoint is `<url>/v2.1`). */
  readonly url: string;
  /** Stops nova-api and every RPC server, waiting for running methods (safe twice). */
  shutdown(): Promise<void>;
}

/**
 * Starts nova: nova-api's HTTP server and the RPC servers of nova-conductor, nova-scheduler and
 * one nova-compute per `env.computeHosts`. Every component instance gets its own RPC client, HTTP
 * client and (except compute) database handle, each wrapped by `env.hooksFor`. They share one
 * in-memory set of nova databases.
 */
export async function startNova(env: CloudEnvironment, options: NovaOptions): Promise<RunningNova> {
  const tables = new NovaTables();
  for (const host of env.computeHosts) tables.computeNodes.set(host, { host, hypervisorHostname: host });
  const computeOptions: ComputeOptions = { ...DEFAULT_COMPUTE_OPTIONS, ...options.compute };
  const servers: RpcServer[] = [];

  const conductor: ComponentInstance = { service: Service.novaConductor, host: CONTROLLER_HOST };
  const conductorRpc = createComponentRpcClient(env, conductor);
  const conductorClients = restClientsFor(env, conductor);
  servers.push(
    startComponentRpcServer(env, conductor, Topic.conductor, logged(env, conductor, conductorDispatcher({
      database: new NovaDatabase(createComponentDb(env, conductor), tables),
      scheduler: new SchedulerApi(conductorRpc),
      compute: new ComputeApi(conductorRpc),
      glance: conductorClients.glance,
      placement: conductorClients.placement,
      faults: env.faults,
      log: env.logs.forService(conductor.service).logger('nova.conductor.manager'),
    }))),
  );

  const scheduler: ComponentInstance = { service: Service.novaScheduler, host: CONTROLLER_HOST };
  const schedulerClients = restClientsFor(env, scheduler);
  const hosts = new HostManager(env.computeHosts);
  const providers = new ProviderNames(() => listResourceProviders(schedulerClients.placementAdapter, adminContext(env)), hosts);
  servers.push(
    startComponentRpcServer(env, scheduler, Topic.scheduler, logged(env, scheduler, schedulerDispatcher({
      database: new NovaDatabase(createComponentDb(env, scheduler), tables),
      placement: schedulerClients.placement,
      hosts,
      faults: env.faults,
      log: env.logs.forService(scheduler.service).logger('nova.scheduler.manager'),
      providers,
    }))),
  );

  for (const host of env.computeHosts) servers.push(startCompute(env, host, tables, computeOptions));

  const api: ComponentInstance = { service: Service.novaApi, host: CONTROLLER_HOST };
  const apiRpc = createComponentRpcClient(env, api);
  const apiClients = restClientsFor(env, api);
  const app = createNovaApiApp(env, api, {
    database: new NovaDatabase(createComponentDb(env, api), tables),
    computeTask: new ComputeTaskApi(apiRpc),
    compute: new ComputeApi(apiRpc),
    glance: apiClients.glance,
    neutron: apiClients.neutron,
    cinder: apiClients.cinder,
    placement: apiClients.placement,
    faults: env.faults,
    log: env.logs.forService(api.service).logger('nova.compute.api'),
    computeHosts: env.computeHosts,
    instanceQuota: options.instanceQuota ?? DEFAULT_INSTANCE_QUOTA,
  });
  let listening;
  try {
    listening = await listen(app, env.host, options.port);
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  providers.start(() => env.endpoints.placement !== '');
  let stopping: Promise<void> | undefined;
  return {
    url: listening.url,
    shutdown: () => (stopping ??= (async () => {
      providers.stop();
      await listening.close();
      await Promise.all(servers.map((s) => s.stop()));
    })()),
  };
}

function startCompute(env: CloudEnvironment, host: string, tables: NovaTables, options: ComputeOptions): RpcServer {
  const instance: ComponentInstance = { service: Service.novaCompute, host };
  const rpc = createComponentRpcClient(env, instance);
  const clients = restClientsFor(env, instance);
  const objects = env.faults.computeWritesDb ? directObjects(new NovaDatabase(createComponentDb(env, instance), tables)) : conductorObjects(new ConductorApi(rpc));
  return startComponentRpcServer(env, instance, Topic.compute, logged(env, instance, computeDispatcher({
    host,
    objects,
    placement: clients.placement,
    neutron: clients.neutron,
    glance: clients.glance,
    cinder: clients.cinder,
    scheduler: new SchedulerApi(rpc),
    faults: env.faults,
    log: env.logs.forService(instance.service).logger('nova.compute.manager'),
    vifEvents: new VifEventWaiter(),
    options,
    step: () => step(env),
  })));
}

function logged(env: CloudEnvironment, instance: ComponentInstance, dispatcher: RpcDispatcher): RpcDispatcher {
  return loggingDispatcher(dispatcher, env.logs.forService(instance.service).logger('oslo_messaging.rpc.dispatcher'));
}
