import { startCloud } from '../../cloud.js';
import type { CloudEnvironment, EnvironmentOptions } from '../../kit/environment.js';
import type { NovaOptions } from '../index.js';

/** A whole simulated cloud on ephemeral loopback ports, for nova's tests. */
export interface TestCloud {
  readonly env: CloudEnvironment;
  /** nova-api's root URL. */
  readonly nova: string;
  shutdown(): Promise<void>;
}

/** `startCloud` with every port ephemeral and no step delay unless asked. */
export async function startTestCloud(options: EnvironmentOptions = {}, nova: Omit<NovaOptions, 'port'> = {}): Promise<TestCloud> {
  const cloud = await startCloud({
    ephemeralPorts: true,
    stepDelayMs: options.stepDelayMs ?? 0,
    nova,
    ...(options.hooksFor === undefined ? {} : { hooksFor: options.hooksFor }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.computeHosts === undefined ? {} : { computeHosts: options.computeHosts }),
    ...(options.logDir === undefined ? {} : { logDir: options.logDir }),
  });
  return { env: cloud.env, nova: cloud.endpoints['nova-api'], shutdown: () => cloud.shutdown() };
}
