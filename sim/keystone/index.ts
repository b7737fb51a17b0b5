import { CONTROLLER_HOST, findProject, findUser, SERVICE_PROJECT, SERVICE_USER } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { createServiceApp, newServiceStats } from '../kit/rest/app.js';
import type { TokenValidator } from '../kit/rest/auth.js';
import { serve } from '../kit/service.js';
import type { RunningService } from '../kit/service.js';
import { keystoneRoutes } from './routes.js';
import { TokenStore } from './tokens.js';

/** The services' own token outlives any cloud run (ten years). */
const SERVICE_TOKEN_LIFETIME_MS = 10 * 365 * 24 * 3600 * 1000;

/** Requests keystone serves without a token: discovery and token issue. */
const PUBLIC = (path: string, method: string) => ['/', '/v3', '/v3/'].includes(path) || (method === 'POST' && path === '/v3/auth/tokens');

/**
 * Starts keystone v3 (openstack.md §5.2). The services' own token (`env.serviceAuth.token`) is
 * issued at start and never expires while the cloud runs. keystone checks `X-Auth-Token` against
 * its own store (it runs no keystonemiddleware).
 */
export async function startKeystone(env: CloudEnvironment, options: { readonly port: number }): Promise<RunningService> {
  const tokens = new TokenStore();
  tokens.issue(findUser(SERVICE_USER)!, findProject(SERVICE_PROJECT)!, ['password'], env.serviceAuth.token, SERVICE_TOKEN_LIFETIME_MS);
  const validate: TokenValidator = async (id) => {
    const token = tokens.get(id);
    if (token === undefined) return undefined;
    return { userId: token.user.id, userName: token.user.name, projectId: token.project?.id ?? null, projectName: token.project?.name ?? null, roles: token.roles };
  };
  const stats = newServiceStats();
  const app = createServiceApp({
    env,
    stats,
    instance: { service: 'keystone', host: CONTROLLER_HOST },
    errors: 'keystone',
    routes: keystoneRoutes(env, tokens),
    auth: validate,
    isPublic: PUBLIC,
    accessLogName: 'keystone.server.flask.request_processing.req_logging',
  });
  return serve(env, app, options.port, { stats });
}
