import { startCinder } from '../../cinder/index.js';
import { startGlance } from '../../glance/index.js';
import { startKeystone } from '../../keystone/index.js';
import { createEnvironment } from '../../kit/environment.js';
import type { CloudEnvironment, EnvironmentOptions, RestService } from '../../kit/environment.js';
import type { RunningService } from '../../kit/service.js';
import { startNeutron } from '../../neutron/index.js';
import { startPlacement } from '../../placement/index.js';
import { startNova } from '../index.js';
import type { NovaOptions } from '../index.js';

/** A whole simulated cloud on ephemeral loopback ports, for nova's tests. */
export interface TestCloud {
  readonly env: CloudEnvironment;
  /** nova-api's root URL. */
  readonly nova: string;
  shutdown(): Promise<void>;
}

/**
 * Starts keystone, glance, neutron, placement, cinder and nova on port 0 with one environment,
 * then fills in the endpoints, as the cloud's assembler does.
 */
export async function startTestCloud(options: EnvironmentOptions = {}, nova: Partial<NovaOptions> = {}): Promise<TestCloud> {
  const env = createEnvironment({ stepDelayMs: 0, ...options });
  const started: RunningService[] = [];
  const services: [RestService, (e: CloudEnvironment, o: { port: number }) => Promise<RunningService>][] = [
    ['keystone', startKeystone],
    ['glance', startGlance],
    ['neutron', startNeutron],
    ['placement', startPlacement],
    ['cinder', startCinder],
    ['nova-api', (e, o) => startNova(e, { ...nova, ...o })],
  ];
  for (const [name, start] of services) {
    const service = await start(env, { port: 0 });
    started.push(service);
    (env.endpoints as Record<RestService, string>)[name] = service.url;
  }
  return {
    env,
    nova: env.endpoints['nova-api'],
    shutdown: async () => {
      for (const service of started.reverse()) await service.shutdown();
      env.logs.close();
    },
  };
}
