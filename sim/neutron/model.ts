import { NETWORKS } from '../kit/devstack.js';
import type { SeedNetwork, SeedSubnet } from '../kit/devstack.js';

/** A neutron port; `binding:host_id` set = bound (status ACTIVE, vif type `ovs`). */
export interface Port {
  id: string;
  name: string;
  network_id: string;
  project_id: string;
  mac_address: string;
  admin_state_up: boolean;
  status: 'DOWN' | 'ACTIVE';
  device_id: string;
  device_owner: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  security_groups: string[];
  host: string;
  profile: Record<string, unknown>;
  dns_name: string;
  description: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
}

/** `2016-03-08T20:19:41Z`. */
export function neutronTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const CREATED = '2026-01-01T00:00:00Z';

export function networkBody(network: SeedNetwork): Record<string, unknown> {
  return {
    id: network.id,
    name: network.name,
    status: 'ACTIVE',
    subnets: [network.subnet.id],
    admin_state_up: true,
    shared: network.shared,
    'router:external': network.external,
    mtu: network.external ? 1500 : 1442,
    port_security_enabled: true,
    project_id: network.project_id,
    tenant_id: network.project_id,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: network.external,
    l2_adjacency: true,
    'provider:network_type': network.external ? 'flat' : 'geneve',
    'provider:physical_network': network.external ? 'public' : null,
    'provider:segmentation_id': network.external ? null : 1,
    description: '',
    tags: [],
    created_at: CREATED,
    updated_at: CREATED,
    revision_number: 2,
  };
}

export function subnetBody(network: SeedNetwork, subnet: SeedSubnet = network.subnet): Record<string, unknown> {
  return {
    id: subnet.id,
    name: subnet.name,
    network_id: network.id,
    ip_version: 4,
    cidr: subnet.cidr,
    gateway_ip: subnet.gateway_ip,
    allocation_pools: [{ start: subnet.allocation_start, end: lastAddress(subnet.cidr) }],
    dns_nameservers: [],
    host_routes: [],
    enable_dhcp: !network.external,
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    subnetpool_id: null,
    service_types: [],
    project_id: network.project_id,
    tenant_id: network.project_id,
    description: '',
    tags: [],
    created_at: CREATED,
    updated_at: CREATED,
    revision_number: 0,
  };
}

export function portBody(port: Port): Record<string, unknown> {
  const bound = port.host !== '';
  return {
    id: port.id,
    name: port.name,
    network_id: port.network_id,
    project_id: port.project_id,
    tenant_id: port.project_id,
    mac_address: port.mac_address,
    admin_state_up: port.admin_state_up,
    status: port.status,
    device_id: port.device_id,
    device_owner: port.device_owner,
    fixed_ips: port.fixed_ips,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: port.security_groups,
    description: port.description,
    'binding:vnic_type': 'normal',
    'binding:host_id': port.host,
    'binding:profile': port.profile,
    'binding:vif_type': bound ? 'ovs' : 'unbound',
    'binding:vif_details': bound ? { port_filter: true, connectivity: 'l2', bridge_name: 'br-int', datapath_type: 'system' } : {},
    port_security_enabled: true,
    dns_name: port.dns_name,
    dns_assignment: port.fixed_ips.map((ip) => ({ hostname: port.dns_name || `host-${ip.ip_address.replaceAll('.', '-')}`, ip_address: ip.ip_address, fqdn: `${port.dns_name || `host-${ip.ip_address.replaceAll('.', '-')}`}.openstacklocal.` })),
    ip_allocation: 'immediate',
    tags: [],
    created_at: port.created_at,
    updated_at: port.updated_at,
    revision_number: port.revision_number,
  };
}

export function findNetwork(id: string): SeedNetwork | undefined {
  return NETWORKS.find((network) => network.id === id);
}

/** The last usable address of an IPv4 CIDR (broadcast − 1). */
export function lastAddress(cidr: string): string {
  const [base, bits] = cidr.split('/') as [string, string];
  const value = ipToInt(base) | (2 ** (32 - Number(bits)) - 1);
  return intToIp(value - 1);
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
