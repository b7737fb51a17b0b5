import { createComponentHttpClient } from '../kit/component.js';
import { CONTROLLER_HOST } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { createServiceApp, newServiceStats } from '../kit/rest/app.js';
import { serve } from '../kit/service.js';
import type { RunningService } from '../kit/service.js';
import { NovaNotifier } from './notifier.js';
import { PortStore } from './ports.js';
import { neutronRoutes } from './routes.js';

/**
 * Starts neutron v2.0 with devstack's `private` and `public` networks. Binding a compute port to a
 * host (`PUT /v2.0/ports/{id}` with `binding:host_id`) makes neutron tell nova
 * `network-vif-plugged` in a request of its own.
 */
export async function startNeutron(env: CloudEnvironment, options: { readonly port: number }): Promise<RunningService> {
  const instance = { service: 'neutron', host: CONTROLLER_HOST };
  const notifier = new NovaNotifier(env, createComponentHttpClient(env, instance), env.logs.forService('neutron').logger('neutron.notifiers.nova'));
  const stats = newServiceStats();
  const app = createServiceApp({
    env,
    stats,
    instance,
    errors: 'neutron',
    routes: neutronRoutes(env, new PortStore(), notifier),
    isPublic: (path, method) => method === 'GET' && path === '/',
    accessLogName: 'neutron.wsgi',
  });
  return serve(env, app, options.port, { stats, onShutdown: () => notifier.shutdown() });
}
