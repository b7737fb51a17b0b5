import { Router } from 'express';
import type { Response } from 'express';
import { NETWORKS } from '../kit/devstack.js';
import type { SeedNetwork } from '../kit/devstack.js';
import type { CloudEnvironment } from '../kit/environment.js';
import { ApiError } from '../kit/rest/api-error.js';
import { contextOf } from '../kit/rest/request-id.js';
import { stableUuid } from './ids.js';
import { networkBody, portBody, subnetBody } from './model.js';
import type { Port } from './model.js';
import type { NovaNotifier } from './notifier.js';
import type { PortStore } from './ports.js';
import { listOf } from './query.js';
import { portRequest } from './validate.js';

const EXTENSIONS = ['agent', 'binding', 'external-net', 'extra_dhcp_opt', 'network_availability_zone', 'port-security', 'project-id', 'quotas', 'router', 'security-group', 'standard-attr-description', 'subnet_allocation'];

/** neutron v2.0 (openstack.md §5.5): discovery, networks, subnets, ports, extensions, floating IPs, security groups, quotas. */
export function neutronRoutes(env: CloudEnvironment, ports: PortStore, notifier: NovaNotifier): Router {
  const router = Router();
  router.get('/', (_req, res) => void res.json({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${env.endpoints.neutron}/v2.0/` }] }] }));
  router.get(['/v2.0', '/v2.0/'], (_req, res) => {
    const resources = ['network', 'subnet', 'port', 'floatingip', 'security_group', 'extension'].map((name) => ({ name, collection: `${name}s`, links: [{ rel: 'self', href: `${env.endpoints.neutron}/v2.0/${name}s` }] }));
    res.json({ resources });
  });

  router.get('/v2.0/networks', (req, res) => void res.json({ networks: listOf(req, visibleNetworks(res).map(networkBody)) }));
  router.get('/v2.0/networks/:id', (req, res) => void res.json({ network: networkBody(network(res, String(req.params['id']))) }));
  router.get('/v2.0/subnets', (req, res) => void res.json({ subnets: listOf(req, visibleNetworks(res).map((n) => subnetBody(n))) }));
  router.get('/v2.0/subnets/:id', (req, res) => {
    const found = visibleNetworks(res).find((n) => n.subnet.id === req.params['id']);
    if (found === undefined) throw new ApiError(404, `Subnet ${req.params['id']} could not be found.`, { type: 'SubnetNotFound' });
    res.json({ subnet: subnetBody(found) });
  });

  router.get('/v2.0/ports', (req, res) => void res.json({ ports: listOf(req, ports.list().filter((p) => owns(res, p.project_id)).map(portBody)) }));
  router.get('/v2.0/ports/:id', (req, res) => void res.json({ port: portBody(ownPort(res, ports, String(req.params['id']))) }));
  router.post('/v2.0/ports', (req, res) => {
    const request = portRequest(req.body, true);
    network(res, request.networkId!);
    const project = contextOf(res).is_admin === true ? (request.projectId ?? contextOf(res).project_id!) : contextOf(res).project_id!;
    const port = ports.create(request.networkId!, project, { security_groups: [stableUuid(`sg:${project}`)], ...request.changes });
    if (port.host !== '') pluggedInto(port, notifier);
    res.status(201).json({ port: portBody(port) });
  });
  router.put('/v2.0/ports/:id', (req, res) => {
    const request = portRequest(req.body, false);
    const { port, bound } = ports.update(ownPort(res, ports, String(req.params['id'])).id, request.changes);
    if (bound) pluggedInto(port, notifier);
    res.json({ port: portBody(port) });
  });
  router.delete('/v2.0/ports/:id', (req, res) => {
    ports.delete(ownPort(res, ports, String(req.params['id'])).id);
    res.status(204).end();
  });

  router.get('/v2.0/extensions', (_req, res) => void res.json({ extensions: EXTENSIONS.map((alias) => ({ alias, name: alias, description: alias, links: [], updated: '2013-01-01T10:00:00-00:00' })) }));
  router.get('/v2.0/floatingips', (_req, res) => void res.json({ floatingips: [] }));
  router.get('/v2.0/security-groups', (req, res) => {
    const project = contextOf(res).project_id ?? '';
    res.json({ security_groups: listOf(req, [{ id: stableUuid(`sg:${project}`), name: 'default', description: 'Default security group', project_id: project, tenant_id: project, security_group_rules: [], stateful: true, tags: [] }]) });
  });
  router.get('/v2.0/quotas/:project', (req, res) => {
    res.json({ quota: { network: 100, subnet: 100, port: 500, router: 10, floatingip: 50, security_group: 10, security_group_rule: 100, project_id: req.params['project'] } });
  });
  return router;
}

/** A compute port that just got bound: its VIF is plugged, so nova hears `network-vif-plugged`. */
function pluggedInto(port: Port, notifier: NovaNotifier): void {
  if (port.device_owner.startsWith('compute:') && port.device_id !== '') {
    notifier.notify({ name: 'network-vif-plugged', server_uuid: port.device_id, tag: port.id, status: 'completed' });
  }
}

function owns(res: Response, projectId: string): boolean {
  const context = contextOf(res);
  return context.is_admin === true || context.project_id === projectId;
}

function visibleNetworks(res: Response): SeedNetwork[] {
  return NETWORKS.filter((n) => n.shared || n.external || owns(res, n.project_id));
}

function network(res: Response, id: string): SeedNetwork {
  const found = visibleNetworks(res).find((n) => n.id === id);
  if (found === undefined) throw new ApiError(404, `Network ${id} could not be found.`, { type: 'NetworkNotFound' });
  return found;
}

function ownPort(res: Response, ports: PortStore, id: string) {
  const port = ports.get(id);
  if (!owns(res, port.project_id)) throw new ApiError(404, `Port ${id} could not be found.`, { type: 'PortNotFound' });
  return port;
}
