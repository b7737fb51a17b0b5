import type { Target } from '../../kit/rpc/types.js';

/**
 * oslo.messaging targets of nova's RPC APIs (nova/{conductor,scheduler,compute}/rpcapi.py) with
 * the versions a 2025.x deployment sends: conductor task API 1.25 in namespace `compute_task`,
 * the conductor object proxy 3.0, scheduler 4.5, compute 6.4 addressed to one host.
 */
export const Topic = { conductor: 'conductor', scheduler: 'scheduler', compute: 'compute' } as const;

export const COMPUTE_TASK_TARGET: Target = Object.freeze({ topic: Topic.conductor, namespace: 'compute_task', version: '1.25' });
export const CONDUCTOR_TARGET: Target = Object.freeze({ topic: Topic.conductor, version: '3.0' });
export const SCHEDULER_TARGET: Target = Object.freeze({ topic: Topic.scheduler, version: '4.5' });
export const SCHEDULER_FANOUT_TARGET: Target = Object.freeze({ topic: Topic.scheduler, version: '4.2', fanout: true });

export function computeTarget(host: string): Target {
  return { topic: Topic.compute, server: host, version: '6.4' };
}
