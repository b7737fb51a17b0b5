import { DEFAULT_DOMAIN, PROJECTS, USERS } from '../kit/devstack.js';
import type { SeedProject, SeedUser } from '../kit/devstack.js';
import { ApiError } from '../kit/rest/api-error.js';
import type { TokenStore } from './tokens.js';

/** Who a `POST /v3/auth/tokens` body authenticates, and the scope it asks for. */
export interface Authenticated {
  readonly user: SeedUser;
  readonly project: SeedProject | null;
  readonly methods: readonly string[];
}

const UNAUTHORIZED = 'The request you have made requires authentication.';

/**
 * Checks an `{"auth": {"identity": …, "scope"?: …}}` body as keystone does: the `password` method
 * (user by id, or by name with a domain) or the `token` method; an optional project scope (by id,
 * or by name with a domain) in which the user must hold a role. Malformed bodies → 400 naming the
 * missing key; wrong credentials or scope → 401.
 */
export function authenticate(body: unknown, tokens: TokenStore): Authenticated {
  const auth = field(body, 'auth', 'auth');
  const identity = field(auth, 'identity', 'identity in auth');
  const methods = (identity as { methods?: unknown }).methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === 'string')) throw invalid('methods in identity');
  let user: SeedUser | undefined;
  if (methods.includes('password')) user = passwordUser(field(identity, 'password', 'password in identity'));
  else if (methods.includes('token')) user = tokenUser(field(identity, 'token', 'token in identity'), tokens);
  else throw new ApiError(401, `${UNAUTHORIZED} (unsupported methods: ${methods.join(', ')})`);
  const scope = (auth as { scope?: unknown }).scope;
  if (scope === undefined || scope === 'unscoped') return { user, project: null, methods: methods as string[] };
  const project = scopedProject(field(scope, 'project', 'project in scope'));
  if ((user.roles[project.name] ?? []).length === 0) throw new ApiError(401, `User ${user.id} has no access to project ${project.id}.`);
  return { user, project, methods: methods as string[] };
}

function passwordUser(password: unknown): SeedUser {
  const spec = field(password, 'user', 'user in password') as { id?: unknown; name?: unknown; domain?: unknown; password?: unknown };
  if (typeof spec.password !== 'string') throw invalid('password in user');
  let user: SeedUser | undefined;
  if (typeof spec.id === 'string') user = USERS.find((u) => u.id === spec.id);
  else if (typeof spec.name === 'string') {
    checkDomain(spec.domain, 'domain in user');
    user = USERS.find((u) => u.name === spec.name);
  } else throw invalid('id or name in user');
  if (user === undefined || user.password !== spec.password) throw new ApiError(401, UNAUTHORIZED);
  return user;
}

function tokenUser(token: unknown, tokens: TokenStore): SeedUser {
  const id = (token as { id?: unknown }).id;
  if (typeof id !== 'string') throw invalid('id in token');
  const issued = tokens.get(id);
  if (issued === undefined) throw new ApiError(401, UNAUTHORIZED);
  return issued.user;
}

function scopedProject(spec: unknown): SeedProject {
  const { id, name, domain } = spec as { id?: unknown; name?: unknown; domain?: unknown };
  let project: SeedProject | undefined;
  if (typeof id === 'string') project = PROJECTS.find((p) => p.id === id);
  else if (typeof name === 'string') {
    checkDomain(domain, 'domain in project');
    project = PROJECTS.find((p) => p.name === name);
  } else throw invalid('id or name in project');
  if (project === undefined) throw new ApiError(401, `${UNAUTHORIZED} (project not found)`);
  return project;
}

/** Only the `default` domain exists; naming another fails authentication as keystone does. */
function checkDomain(domain: unknown, what: string): void {
  if (typeof domain !== 'object' || domain === null) throw invalid(what);
  const { id, name } = domain as { id?: unknown; name?: unknown };
  if (id !== undefined ? id !== DEFAULT_DOMAIN.id : name !== DEFAULT_DOMAIN.name) throw new ApiError(401, `${UNAUTHORIZED} (domain not found)`);
}

function field(value: unknown, key: string, what: string): unknown {
  if (typeof value !== 'object' || value === null || !(key in value)) throw invalid(what);
  const inner = (value as Record<string, unknown>)[key];
  if (typeof inner !== 'object' || inner === null) throw invalid(what);
  return inner;
}

function invalid(what: string): ApiError {
  return new ApiError(400, `Expecting to find ${what} - the server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`);
}
