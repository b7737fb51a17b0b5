import { writeFile } from 'node:fs/promises';
import { startCinder } from './cinder/index.js';
import { startGlance } from './glance/index.js';
import { startKeystone } from './keystone/index.js';
import { createEnvironment } from './kit/environment.js';
import type { CloudEnvironment, RestService, ServiceEndpoints } from './kit/environment.js';
import type { FaultSwitches } from './kit/faults.js';
import type { HooksFactory } from './kit/hooks.js';
import type { ServiceStats } from './kit/rest/app.js';
import type { RunningService, StartService } from './kit/service.js';
import { startNeutron } from './neutron/index.js';
import { startNova } from './nova/index.js';
import type { NovaOptions } from './nova/index.js';
import { openrcText } from './openrc.js';
import type { OpenrcOptions } from './openrc.js';
import { startPlacement } from './placement/index.js';

/** The usual port of each service; 0 anywhere means ephemeral. */
export const DEFAULT_PORTS: Readonly<Record<RestService, number>> = Object.freeze({ keystone: 5000, 'nova-api': 8774, glance: 9292, neutron: 9696, placement: 8778, cinder: 8776 });

export interface CloudOptions {
  /** Bind address of every service. @default '127.0.0.1' */
  readonly host?: string;
  /** Port per service; missing ones take DEFAULT_PORTS. @example { keystone: 0 } */
  readonly ports?: Partial<Record<RestService, number>>;
  /** Every port 0 (ephemeral): what tests want. @default false */
  readonly ephemeralPorts?: boolean;
  /** Tracing or other wrappers per component. @default no hooks */
  readonly hooksFor?: HooksFactory;
  /** @default all off */
  readonly faults?: FaultSwitches;
  /** Pause between state-machine steps, in ms. @default 50 */
  readonly stepDelayMs?: number;
  /** @default ['compute-1'] */
  readonly computeHosts?: readonly string[];
  /** Folder for the oslo.log files (`<service>.log`); undefined: no logs. */
  readonly logDir?: string;
  /** Default RPC call timeout, in ms. @default 60000 */
  readonly rpcTimeoutMs?: number;
  /** nova-compute tunables (e.g. `shelved_offload_time`). */
  readonly nova?: Omit<NovaOptions, 'port'>;
}

export interface Cloud {
  readonly env: CloudEnvironment;
  /** Root URL of each REST service. */
  readonly endpoints: Readonly<ServiceEndpoints>;
  /** `OS_AUTH_URL`: keystone's unversioned root (answers 300 with the v3 version). */
  readonly authUrl: string;
  /** The openrc text for a seed user (admin by default). */
  openrc(options?: OpenrcOptions | string): string;
  writeOpenrc(path: string, options?: OpenrcOptions | string): Promise<void>;
  /** Response counters of each REST service that keeps them (nova-api does not, yet). */
  stats(): Partial<Record<RestService, Readonly<ServiceStats>>>;
  /** Stops every service, API first, and closes the log files (idempotent). */
  shutdown(): Promise<void>;
}

/** Start order: keystone first (everyone validates tokens there), nova last (it calls everyone). */
const START_ORDER: readonly RestService[] = ['keystone', 'glance', 'neutron', 'placement', 'cinder', 'nova-api'];

/**
 * Starts the whole simulated cloud: keystone, glance, neutron, placement, cinder and nova (api,
 * conductor, scheduler, computes). Endpoints are filled in as each server listens, before the
 * cloud serves its first client request. If a service cannot start, the ones already started are
 * stopped and the error is rethrown (e.g. EADDRINUSE naming the port).
 */
export async function startCloud(options: CloudOptions = {}): Promise<Cloud> {
  const env = createEnvironment({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.hooksFor === undefined ? {} : { hooksFor: options.hooksFor }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.stepDelayMs === undefined ? {} : { stepDelayMs: options.stepDelayMs }),
    ...(options.computeHosts === undefined ? {} : { computeHosts: options.computeHosts }),
    ...(options.rpcTimeoutMs === undefined ? {} : { rpcTimeoutMs: options.rpcTimeoutMs }),
    logDir: options.logDir,
  });
  const starters: Record<RestService, StartService> = {
    keystone: startKeystone,
    glance: startGlance,
    neutron: startNeutron,
    placement: startPlacement,
    cinder: startCinder,
    'nova-api': (e, o) => startNova(e, { ...options.nova, port: o.port }),
  };
  const started: RunningService[] = [];
  const counters: Partial<Record<RestService, Readonly<ServiceStats>>> = {};
  const stopAll = async () => {
    for (const service of [...started].reverse()) await service.shutdown();
    env.logs.close();
  };
  try {
    for (const name of START_ORDER) {
      const port = options.ephemeralPorts === true ? 0 : (options.ports?.[name] ?? DEFAULT_PORTS[name]);
      const service = await starters[name](env, { port });
      started.push(service);
      env.endpoints[name] = service.url;
      if (service.stats !== undefined) counters[name] = service.stats;
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const authUrl = env.endpoints.keystone;
  const rc = (who?: OpenrcOptions | string) => openrcText(authUrl, typeof who === 'string' ? { user: who } : who);
  return {
    env,
    endpoints: env.endpoints,
    authUrl,
    openrc: rc,
    writeOpenrc: (path, who) => writeFile(path, rc(who), { mode: 0o600 }),
    stats: () => ({ ...counters }),
    shutdown: () => (stopping ??= stopAll()),
  };
}
