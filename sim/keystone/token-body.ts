import { DEFAULT_DOMAIN, ROLES } from '../kit/devstack.js';
import type { ServiceEndpoints } from '../kit/environment.js';
import { buildCatalog } from './catalog.js';
import type { IssuedToken } from './tokens.js';

/** keystone's `{"token": …}` body (openstack.md §5.2); unscoped tokens have no project and no catalog. */
export function tokenBody(token: IssuedToken, endpoints: ServiceEndpoints, withCatalog: boolean): { token: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    methods: token.methods,
    user: { domain: DEFAULT_DOMAIN, id: token.user.id, name: token.user.name, password_expires_at: null },
    audit_ids: [token.auditId],
    expires_at: keystoneTime(token.expiresAt),
    issued_at: keystoneTime(token.issuedAt),
  };
  if (token.project !== null) {
    body['project'] = { domain: DEFAULT_DOMAIN, id: token.project.id, name: token.project.name };
    body['is_domain'] = false;
    body['roles'] = token.roles.map((name) => ({ id: ROLES.find((role) => role.name === name)?.id ?? name, name }));
    if (withCatalog) body['catalog'] = buildCatalog(endpoints, token.project.id);
  }
  return { token: body };
}

/** `2015-11-07T02:58:43.000000Z`, keystone's microsecond ISO format. */
export function keystoneTime(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
