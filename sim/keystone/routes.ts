import { Router } from 'express';
import type { Request, Response } from 'express';
import { DEFAULT_DOMAIN, PROJECTS, ROLES, USERS } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { ApiError } from '../kit/rest/api-error.js';
import { contextOf } from '../kit/rest/request-id.js';
import { authenticate } from './auth-request.js';
import { buildCatalog } from './catalog.js';
import { tokenBody } from './token-body.js';
import type { TokenStore } from './tokens.js';

/** keystone v3: discovery, tokens (issue, validate, check, revoke), catalog, and the seed's users, projects and roles. */
export function keystoneRoutes(env: CloudEnvironment, tokens: TokenStore): Router {
  const router = Router();
  const version = () => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${env.endpoints.keystone}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });
  router.get('/', (_req, res) => void res.status(300).json({ versions: { values: [version()] } }));
  router.get(['/v3', '/v3/'], (_req, res) => void res.json({ version: version() }));

  router.post('/v3/auth/tokens', (req, res) => {
    const who = authenticate(req.body, tokens);
    const token = tokens.issue(who.user, who.project, who.methods);
    res.setHeader('X-Subject-Token', token.id);
    res.setHeader('Vary', 'X-Auth-Token');
    res.status(201).json(tokenBody(token, env.endpoints, !('nocatalog' in req.query)));
  });
  const subject = (req: Request) => {
    const id = req.get('x-subject-token');
    if (id === undefined || id === '') throw new ApiError(400, 'Expecting to find X-Subject-Token in the request headers.');
    const token = tokens.get(id);
    if (token === undefined) throw new ApiError(404, `Could not find token: ${id}.`);
    return token;
  };
  router.get('/v3/auth/tokens', (req, res) => {
    res.setHeader('X-Subject-Token', subject(req).id);
    res.json(tokenBody(subject(req), env.endpoints, !('nocatalog' in req.query)));
  });
  router.head('/v3/auth/tokens', (req, res) => void (subject(req), res.status(200).end()));
  router.delete('/v3/auth/tokens', (req, res) => {
    tokens.revoke(subject(req).id);
    res.status(204).end();
  });
  router.get('/v3/auth/catalog', (req, res) => {
    const self = `${env.endpoints.keystone}/v3/auth/catalog`;
    res.json({ catalog: buildCatalog(env.endpoints, callerProject(res)), links: { self, previous: null, next: null } });
  });
  router.get('/v3/auth/projects', (_req, res) => {
    const user = USERS.find((u) => u.id === contextOf(res).user_id);
    const projects = PROJECTS.filter((p) => (user?.roles[p.name] ?? []).length > 0);
    res.json({ projects: projects.map((p) => projectBody(env, p)), links: listLinks(env, 'auth/projects') });
  });

  router.get('/v3/users', (req, res) => void res.json({ users: USERS.filter(nameFilter(req)).map((u) => userBody(env, u)), links: listLinks(env, 'users') }));
  router.get('/v3/users/:id', (req, res) => {
    const user = USERS.find((u) => u.id === req.params['id']);
    if (user === undefined) throw new ApiError(404, `Could not find user: ${req.params['id']}.`);
    res.json({ user: userBody(env, user) });
  });
  router.get('/v3/projects', (req, res) => void res.json({ projects: PROJECTS.filter(nameFilter(req)).map((p) => projectBody(env, p)), links: listLinks(env, 'projects') }));
  router.get('/v3/projects/:id', (req, res) => {
    const project = PROJECTS.find((p) => p.id === req.params['id']);
    if (project === undefined) throw new ApiError(404, `Could not find project: ${req.params['id']}.`);
    res.json({ project: projectBody(env, project) });
  });
  router.get('/v3/roles', (req, res) => void res.json({ roles: ROLES.filter(nameFilter(req)).map((r) => ({ ...r, domain_id: null, links: { self: `${env.endpoints.keystone}/v3/roles/${r.id}` } })), links: listLinks(env, 'roles') }));
  return router;
}

function callerProject(res: Response): string | null {
  return contextOf(res).project_id;
}

function nameFilter(req: Request): (item: { name: string }) => boolean {
  const name = req.query['name'];
  return (item) => typeof name !== 'string' || item.name === name;
}

function listLinks(env: CloudEnvironment, path: string) {
  return { self: `${env.endpoints.keystone}/v3/${path}`, previous: null, next: null };
}

function userBody(env: CloudEnvironment, user: (typeof USERS)[number]) {
  return { id: user.id, name: user.name, domain_id: DEFAULT_DOMAIN.id, enabled: true, password_expires_at: null, options: {}, links: { self: `${env.endpoints.keystone}/v3/users/${user.id}` } };
}

function projectBody(env: CloudEnvironment, project: (typeof PROJECTS)[number]) {
  return { id: project.id, name: project.name, domain_id: DEFAULT_DOMAIN.id, parent_id: DEFAULT_DOMAIN.id, enabled: true, is_domain: false, description: '', tags: [], options: {}, links: { self: `${env.endpoints.keystone}/v3/projects/${project.id}` } };
}
