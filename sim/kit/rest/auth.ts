import type { RequestHandler } from 'express';
import type { CloudEnvironment } from '../environment.js';
import type { HttpClient } from '../http-client.js';
import { ApiError } from './api-error.js';
import { contextOf } from './request-id.js';

/** What a valid token says about its holder. */
export interface TokenInfo {
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly roles: readonly string[];
}

/** Resolves a token to its holder, or undefined when keystone does not know it (expired, revoked, never issued). */
export type TokenValidator = (token: string) => Promise<TokenInfo | undefined>;

/**
 * keystonemiddleware's auth_token: reads `X-Auth-Token`, validates it, fills user, project,
 * roles and the token into the request's context. No token or an unknown one → 401
 * "The request you have made requires authentication." (with `WWW-Authenticate`); keystone
 * unreachable → 503. Requests for which `isPublic` holds pass without a token (discovery documents).
 */
export function authMiddleware(validate: TokenValidator, keystoneUrl: () => string, isPublic: (path: string, method: string) => boolean): RequestHandler {
  return async (req, res, next) => {
    if (isPublic(req.path, req.method)) return next();
    const token = req.get('x-auth-token');
    const challenge = { 'WWW-Authenticate': `Keystone uri="${keystoneUrl()}"` };
    if (token === undefined || token === '') throw new ApiError(401, 'The request you have made requires authentication.', { headers: challenge });
    let info: TokenInfo | undefined;
    try {
      info = await validate(token);
    } catch (error) {
      throw new ApiError(503, `The Keystone service is temporarily unavailable. (${error instanceof Error ? error.message : String(error)})`);
    }
    if (info === undefined) throw new ApiError(401, 'The request you have made requires authentication.', { headers: challenge });
    const context = contextOf(res);
    Object.assign(context, {
      user_id: info.userId,
      user_name: info.userName,
      project_id: info.projectId,
      project_name: info.projectName,
      roles: [...info.roles],
      is_admin: info.roles.includes('admin'),
      auth_token: token,
    });
    next();
  };
}

export interface KeystoneValidatorOptions {
  /** How long a validation result is reused, in ms (keystonemiddleware `token_cache_time`). @default 300000 */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/**
 * Validates tokens with keystone as keystonemiddleware does: `GET /v3/auth/tokens` with the
 * service token in `X-Auth-Token` and the user's in `X-Subject-Token`; results (valid or not) are
 * cached. The call carries no `X-OpenStack-Request-ID`: keystonemiddleware does not propagate the
 * global id (openstack.md §1.5). Rejects when keystone answers neither 200 nor 404/401.
 */
export function keystoneTokenValidator(env: CloudEnvironment, http: HttpClient, options: KeystoneValidatorOptions = {}): TokenValidator {
  const cacheMs = options.cacheMs ?? 300_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { info: TokenInfo | undefined; until: number }>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit !== undefined && hit.until > now()) return hit.info;
    const response = await http({
      method: 'GET',
      url: `${env.endpoints.keystone}/v3/auth/tokens`,
      urlTemplate: '/v3/auth/tokens',
      headers: { 'X-Auth-Token': env.serviceAuth.token, 'X-Subject-Token': token },
    });
    let info: TokenInfo | undefined;
    if (response.status === 200) info = tokenInfoFrom(response.body);
    else if (response.status !== 404 && response.status !== 401) throw new Error(`token validation answered ${response.status}`);
    if (cache.size > 10_000) cache.clear();
    cache.set(token, { info, until: now() + cacheMs });
    return info;
  };
}

function tokenInfoFrom(body: unknown): TokenInfo | undefined {
  const token = (body as { token?: { user?: { id?: string; name?: string }; project?: { id?: string; name?: string }; roles?: { name?: string }[] } }).token;
  if (token?.user?.id === undefined) return undefined;
  return {
    userId: token.user.id,
    userName: token.user.name ?? '',
    projectId: token.project?.id ?? null,
    projectName: token.project?.name ?? null,
    roles: (token.roles ?? []).map((role) => role.name ?? '').filter((name) => name !== ''),
  };
}
