import { CONTROLLER_HOST } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { createServiceApp, newServiceStats } from '../kit/rest/app.js';
import { serve } from '../kit/service.js';
import type { RunningService } from '../kit/service.js';
import { AllocationStore } from './allocations.js';
import { microversionMiddleware } from './microversion.js';
import { createProviders } from './providers.js';
import { placementRoutes } from './routes.js';
import { Router } from 'express';

/** Starts placement with one resource provider per compute host (`env.computeHosts`). */
export async function startPlacement(env: CloudEnvironment, options: { readonly port: number }): Promise<RunningService> {
  const providers = createProviders(env.computeHosts);
  const routes = Router();
  routes.use(microversionMiddleware());
  routes.use(placementRoutes(providers, new AllocationStore(providers)));
  const stats = newServiceStats();
  const app = createServiceApp({
    env,
    stats,
    instance: { service: 'placement', host: CONTROLLER_HOST },
    errors: 'placement',
    routes,
    isPublic: (path, method) => method === 'GET' && path === '/',
    accessLogName: 'placement.requestlog',
  });
  return serve(env, app, options.port, { stats });
}
