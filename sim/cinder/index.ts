import { CONTROLLER_HOST } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { createServiceApp, newServiceStats } from '../kit/rest/app.js';
import { serve } from '../kit/service.js';
import type { RunningService } from '../kit/service.js';
import { cinderRoutes } from './routes.js';
import { VolumeStore } from './volumes.js';

/** Starts cinder v3: volumes (created `available` one state-machine step after the 202) and attachments. */
export async function startCinder(env: CloudEnvironment, options: { readonly port: number }): Promise<RunningService> {
  const pending = new Set<Promise<void>>();
  const stats = newServiceStats();
  const app = createServiceApp({
    env,
    stats,
    instance: { service: 'cinder', host: CONTROLLER_HOST },
    errors: 'cinder',
    routes: cinderRoutes(env, new VolumeStore(), pending),
    isPublic: (path, method) => method === 'GET' && (path === '/' || path === '/v3/'),
    accessLogName: 'cinder.api.openstack.wsgi',
  });
  return serve(env, app, options.port, { stats, onShutdown: async () => void (await Promise.allSettled([...pending])) });
}
