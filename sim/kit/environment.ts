import { randomBytes } from 'node:crypto';
import { newRequestId } from '../../core/request-id.js';
import type { RequestContext } from './context.js';
import { PROJECTS, SERVICE_PROJECT, SERVICE_USER, USERS } from './devstack.js';
import { NO_FAULTS } from './faults.js';
import type { FaultSwitches } from './faults.js';
import type { HooksFactory } from './hooks.js';
import { createLogFactory } from './log.js';
import type { LogFactory } from './log.js';
import { createInProcessTransport } from './rpc/in-process.js';
import type { RpcTransport } from './rpc/transport.js';

/** The REST services of the cloud, by component name. */
export type RestService = 'keystone' | 'nova-api' | 'glance' | 'neutron' | 'placement' | 'cinder';

/**
 * Root URL (`http://127.0.0.1:<port>`, no path, no trailing slash) of each REST service. Ports may
 * be 0 (ephemeral) at start-up, so this object is filled in after every server listens and before
 * the cloud serves its first request: read it when a request is handled, never copy it at
 * construction time.
 */
export type ServiceEndpoints = Record<RestService, string>;

/** What the services present to each other: a pre-issued project-scoped token of the `nova` service user. */
export interface ServiceAuth {
  /** Sent as `X-Auth-Token` on service-to-service calls; keystone accepts it as valid. */
  readonly token: string;
  readonly userId: string;
  readonly projectId: string;
  readonly roles: readonly string[];
}

/** Delays of the asynchronous state machine. */
export interface Timing {
  /** Pause between two state-machine steps (e.g. networking → spawning), in ms; 0 = next tick. */
  readonly stepDelayMs: number;
  /** Default timeout of an RPC call, in ms (oslo `rpc_response_timeout`). */
  readonly rpcTimeoutMs: number;
}

/** Everything a component of the simulated cloud receives from the cloud's assembler. */
export interface CloudEnvironment {
  /** The bind address of every server: always loopback. */
  readonly host: string;
  readonly endpoints: ServiceEndpoints;
  readonly transport: RpcTransport;
  /** Cross-cutting wrappers per component instance (identity by default). */
  readonly hooksFor: HooksFactory;
  readonly faults: FaultSwitches;
  readonly timing: Timing;
  readonly logs: LogFactory;
  readonly serviceAuth: ServiceAuth;
  /** The nova-compute hosts, in order; also the placement resource providers. */
  readonly computeHosts: readonly string[];
}

export interface EnvironmentOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default identity: no hooks */
  readonly hooksFor?: HooksFactory;
  /** @default NO_FAULTS */
  readonly faults?: FaultSwitches;
  /** @default 50 */
  readonly stepDelayMs?: number;
  /** @default 60000 */
  readonly rpcTimeoutMs?: number;
  /** Folder for oslo.log files; undefined: no log files. */
  readonly logDir?: string | undefined;
  /** @default ['compute-1'] */
  readonly computeHosts?: readonly string[];
  /** @default a fresh in-process transport */
  readonly transport?: RpcTransport;
}

export const DEFAULT_STEP_DELAY_MS = 50;
export const DEFAULT_RPC_TIMEOUT_MS = 60_000;

export function createEnvironment(options: EnvironmentOptions = {}): CloudEnvironment {
  const serviceUser = USERS.find((user) => user.name === SERVICE_USER)!;
  const serviceProject = PROJECTS.find((project) => project.name === SERVICE_PROJECT)!;
  return {
    host: options.host ?? '127.0.0.1',
    endpoints: { keystone: '', 'nova-api': '', glance: '', neutron: '', placement: '', cinder: '' },
    transport: options.transport ?? createInProcessTransport(),
    hooksFor: options.hooksFor ?? (() => ({})),
    faults: options.faults ?? NO_FAULTS,
    timing: Object.freeze({ stepDelayMs: options.stepDelayMs ?? DEFAULT_STEP_DELAY_MS, rpcTimeoutMs: options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS }),
    logs: createLogFactory({ logDir: options.logDir }),
    serviceAuth: Object.freeze({
      token: newToken(),
      userId: serviceUser.id,
      projectId: serviceProject.id,
      roles: Object.freeze([...(serviceUser.roles[SERVICE_PROJECT] ?? [])]),
    }),
    computeHosts: Object.freeze([...(options.computeHosts ?? ['compute-1'])]),
  };
}

/** A Fernet-looking token: `gAAAAAB` + url-safe base64, as keystone's look. */
export function newToken(): string {
  return `gAAAAAB${randomBytes(132).toString('base64url')}`;
}

/**
 * A fresh admin context for work no user request started (periodic tasks, notifiers): a new
 * request id, no global id, the service user (oslo `get_admin_context()`).
 */
export function adminContext(env: CloudEnvironment): RequestContext {
  return {
    request_id: newRequestId(),
    global_request_id: null,
    user_id: env.serviceAuth.userId,
    project_id: env.serviceAuth.projectId,
    roles: [...env.serviceAuth.roles],
    is_admin: true,
    auth_token: env.serviceAuth.token,
  };
}

/** Waits one state-machine step (`timing.stepDelayMs`). */
export function step(env: CloudEnvironment): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, env.timing.stepDelayMs));
}
