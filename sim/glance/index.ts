import { CONTROLLER_HOST } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { createServiceApp, newServiceStats } from '../kit/rest/app.js';
import { serve } from '../kit/service.js';
import type { RunningService } from '../kit/service.js';
import { ImageStore } from './images.js';
import { glanceRoutes } from './routes.js';

/** Starts glance v2 with devstack's cirros image; errors are WebOb bodies chosen by `Accept`. */
export async function startGlance(env: CloudEnvironment, options: { readonly port: number }): Promise<RunningService> {
  const stats = newServiceStats();
  const app = createServiceApp({
    env,
    stats,
    instance: { service: 'glance', host: CONTROLLER_HOST },
    errors: 'glance',
    routes: glanceRoutes(env, new ImageStore()),
    isPublic: (path, method) => method === 'GET' && (path === '/' || path === '/versions'),
    accessLogName: 'glance.common.wsgi',
  });
  return serve(env, app, options.port, { stats });
}
