import { ApiError } from '../kit/rest/api-error.js';
import type { PortChanges } from './ports.js';

const BAD = 'HTTPBadRequest';

/** Maps the API's attribute names to the store's; anything else in a port body is refused. */
const ATTRIBUTES: Record<string, { key: keyof PortChanges; check: (value: unknown) => boolean; kind: string }> = {
  name: { key: 'name', check: isString, kind: 'a string' },
  admin_state_up: { key: 'admin_state_up', check: (v) => typeof v === 'boolean', kind: 'a boolean' },
  device_id: { key: 'device_id', check: isString, kind: 'a string' },
  device_owner: { key: 'device_owner', check: isString, kind: 'a string' },
  security_groups: { key: 'security_groups', check: (v) => Array.isArray(v) && v.every(isString), kind: 'a list of strings' },
  'binding:host_id': { key: 'host', check: isString, kind: 'a string' },
  'binding:profile': { key: 'profile', check: (v) => typeof v === 'object' && v !== null && !Array.isArray(v), kind: 'a dictionary' },
  dns_name: { key: 'dns_name', check: isString, kind: 'a string' },
  description: { key: 'description', check: isString, kind: 'a string' },
};
/** Accepted and ignored: neutron would honour them; the simulation does not model them. */
const IGNORED = new Set(['fixed_ips', 'binding:vnic_type', 'port_security_enabled', 'allowed_address_pairs', 'extra_dhcp_opts', 'tags', 'mac_address']);

export interface PortRequest {
  readonly networkId?: string;
  readonly projectId?: string;
  readonly changes: PortChanges;
}

/** Validates `{"port": {…}}` of a create (`network_id` required) or an update (`network_id` read-only). */
export function portRequest(body: unknown, create: boolean): PortRequest {
  const port = (body as { port?: unknown } | null)?.port;
  if (typeof port !== 'object' || port === null || Array.isArray(port)) throw new ApiError(400, "Resource body required, with a 'port' object", { type: BAD });
  const changes: Record<string, unknown> = {};
  const unknown: string[] = [];
  let networkId: string | undefined;
  let projectId: string | undefined;
  for (const [name, value] of Object.entries(port)) {
    if (name === 'network_id') {
      if (!create) throw new ApiError(400, 'Cannot update read-only attribute network_id', { type: BAD });
      if (!isString(value)) throw new ApiError(400, `Invalid input for network_id. Reason: '${String(value)}' is not a valid UUID.`, { type: BAD });
      networkId = value;
    } else if (name === 'tenant_id' || name === 'project_id') {
      if (!isString(value)) throw new ApiError(400, `Invalid input for ${name}. Reason: '${String(value)}' is not a valid string.`, { type: BAD });
      projectId = value;
    } else if (name in ATTRIBUTES) {
      const rule = ATTRIBUTES[name]!;
      if (!rule.check(value)) throw new ApiError(400, `Invalid input for ${name}. Reason: '${JSON.stringify(value)}' is not ${rule.kind}.`, { type: BAD });
      changes[rule.key] = value;
    } else if (!IGNORED.has(name)) unknown.push(name);
  }
  if (unknown.length > 0) throw new ApiError(400, `Unrecognized attribute(s) '${unknown.join(', ')}'`, { type: BAD });
  if (create && networkId === undefined) throw new ApiError(400, "Failed to parse request. Required attribute 'network_id' not specified", { type: BAD });
  return { ...(networkId === undefined ? {} : { networkId }), ...(projectId === undefined ? {} : { projectId }), changes: changes as PortChanges };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
