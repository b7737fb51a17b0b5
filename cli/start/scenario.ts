import { CIRROS_IMAGE, FLAVORS, NETWORKS } from '../../sim/kit/devstack.js';
import type { ComputeClient } from './compute-client.js';

/** The scenario's steps, in the order they run. `fault` is a boot with a fault switched on. */
export const SCENARIO_STEPS = ['boot', 'shelve', 'unshelve', 'delete', 'fault'] as const;
export type ScenarioStep = (typeof SCENARIO_STEPS)[number];

/** What the fault step switches on, and the alert it must raise. */
export const FAULT_DESCRIPTION = 'nova-conductor calls build_and_run_instance where nova casts it (fault callInsteadOfCast)';

/** The fault switches the scenario flips; the cloud reads them at each request. */
export interface MutableFaults {
  callInsteadOfCast?: boolean;
}

/** One step run: the request id nova-api answered with is the id of its flow. */
export interface StepRun {
  readonly step: ScenarioStep;
  readonly requestId: string;
  /** false for a prerequisite the user did not ask for (e.g. the boot before a shelve). */
  readonly selected: boolean;
}

export interface ScenarioDeps {
  readonly client: ComputeClient;
  readonly faults: MutableFaults;
  readonly signal: AbortSignal;
  /** How long one server may take to settle after a request, in ms. */
  readonly settleTimeoutMs: number;
  /** Called as each step's server settles, in order. */
  readonly onStep: (run: StepRun) => Promise<void>;
  /** Wraps each step's requests and wait (progress feedback); default: runs it as is. */
  readonly around?: <T>(step: ScenarioStep, work: () => Promise<T>) => Promise<T>;
}

const PREREQUISITE: Partial<Record<ScenarioStep, ScenarioStep>> = { shelve: 'boot', unshelve: 'shelve', delete: 'boot' };

/** The steps to run for a selection: the selected ones plus what they need, in scenario order. */
export function stepsToRun(selected: readonly ScenarioStep[]): ScenarioStep[] {
  const needed = new Set<ScenarioStep>();
  const add = (step: ScenarioStep): void => {
    needed.add(step);
    const before = PREREQUISITE[step];
    if (before) add(before);
  };
  selected.forEach(add);
  return SCENARIO_STEPS.filter((step) => needed.has(step));
}

/**
 * Runs the selected steps against the compute API as the demo user would, one server for boot →
 * shelve → unshelve → delete and a second one for the faulty boot. Throws when a server ends
 * somewhere it should not (ERROR, a timeout).
 */
export async function runScenario(selected: readonly ScenarioStep[], deps: ScenarioDeps): Promise<void> {
  let serverId = '';
  for (const step of stepsToRun(selected)) {
    if (deps.signal.aborted) return;
    const isSelected = selected.includes(step);
    const around = deps.around ?? (<T>(_step: ScenarioStep, work: () => Promise<T>) => work());
    const requestId = await around(step, async () => {
      switch (step) {
        case 'boot': {
          const booted = await boot(deps, 'hoptrace-demo');
          serverId = booted.serverId;
          return booted.requestId;
        }
        case 'fault':
          deps.faults.callInsteadOfCast = true;
          try {
            return (await boot(deps, 'hoptrace-fault')).requestId;
          } finally {
            deps.faults.callInsteadOfCast = false;
          }
        case 'shelve':
          return act(deps, serverId, 'POST', { shelve: null }, ['SHELVED_OFFLOADED', 'SHELVED']);
        case 'unshelve':
          return act(deps, serverId, 'POST', { unshelve: null }, ['ACTIVE']);
        case 'delete':
          return act(deps, serverId, 'DELETE', undefined, ['DELETED']);
      }
    });
    await deps.onStep({ step, requestId, selected: isSelected });
  }
}

async function boot(deps: ScenarioDeps, name: string): Promise<{ serverId: string; requestId: string }> {
  const body = { server: { name, imageRef: CIRROS_IMAGE.id, flavorRef: FLAVORS[0]!.id, networks: [{ uuid: NETWORKS[0]!.id }] } };
  const answer = await deps.client.request('POST', '/servers', body);
  const serverId = (answer.body?.server as { id?: string } | undefined)?.id;
  if (answer.status !== 202 || !serverId) throw new Error(`boot ${name}: nova answered ${answer.status} ${JSON.stringify(answer.body)}`);
  await deps.client.waitFor(serverId, ['ACTIVE'], deps.settleTimeoutMs, deps.signal);
  return { serverId, requestId: answer.requestId };
}

async function act(deps: ScenarioDeps, serverId: string, method: 'POST' | 'DELETE', action: unknown, until: readonly string[]): Promise<string> {
  const answer = method === 'DELETE' ? await deps.client.request('DELETE', `/servers/${serverId}`) : await deps.client.request('POST', `/servers/${serverId}/action`, action);
  if (answer.status >= 300) throw new Error(`${method === 'DELETE' ? 'delete' : Object.keys(action as object)[0]} ${serverId}: nova answered ${answer.status} ${JSON.stringify(answer.body)}`);
  await deps.client.waitFor(serverId, until, deps.settleTimeoutMs, deps.signal);
  return answer.requestId;
}
