/**
 * What a fresh devstack holds, shared by every simulated service: users and projects (keystone),
 * flavors (nova), the cirros image (glance), the `private` and `public` networks (neutron).
 * Ids are fixed so tests, logs and the web view read the same on every run. Everything here is
 * frozen; services copy what they mutate.
 */

export const DEFAULT_DOMAIN = Object.freeze({ id: 'default', name: 'Default' });
export const REGION = 'RegionOne';
export const AVAILABILITY_ZONE = 'nova';
/** The host every controller-side component (API services, conductor, scheduler) runs on. */
export const CONTROLLER_HOST = 'controller';

export interface SeedProject {
  readonly id: string;
  readonly name: string;
}

export interface SeedUser {
  readonly id: string;
  readonly name: string;
  readonly password: string;
  /** Project name → role names the user holds there. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface SeedRole {
  readonly id: string;
  readonly name: string;
}

export const PROJECTS: readonly SeedProject[] = Object.freeze([
  { id: '6f70656e737461636b20342065766572', name: 'admin' },
  { id: 'b8b4a1fd9d2c4e0c8a6f9a3c1e7d2f40', name: 'demo' },
  { id: 'c2f3e4d5a6b74c8d9e0f1a2b3c4d5e6f', name: 'service' },
]);

export const ROLES: readonly SeedRole[] = Object.freeze([
  { id: '1e4f8a2b3c4d4e5f8a9b0c1d2e3f4a5b', name: 'admin' },
  { id: '2a5b9c3d4e5f4a6b9c0d1e2f3a4b5c6d', name: 'member' },
  { id: '3b6c0d4e5f6a4b7c0d1e2f3a4b5c6d7e', name: 'reader' },
  { id: '4c7d1e5f6a7b4c8d1e2f3a4b5c6d7e8f', name: 'service' },
]);

const users: SeedUser[] = [
  { id: 'ee4dfb6e5540447cb3741905149d9b6e', name: 'admin', password: 'admin', roles: { admin: ['admin', 'member', 'reader'], demo: ['admin'] } },
  { id: '9d5e4f3a2b1c4d0e8f7a6b5c4d3e2f1a', name: 'demo', password: 'demo', roles: { demo: ['member', 'reader'] } },
  /** The user the services act as among themselves (devstack's `nova`, `neutron`, … service users, merged). */
  { id: '5f6a7b8c9d0e4f1a2b3c4d5e6f7a8b9c', name: 'nova', password: 'nova', roles: { service: ['admin', 'service'] } },
];
export const USERS: readonly SeedUser[] = Object.freeze(users);

/** The project and user the services use for service-to-service calls. */
export const SERVICE_USER = 'nova';
export const SERVICE_PROJECT = 'service';

export interface SeedFlavor {
  readonly id: string;
  readonly name: string;
  readonly ram: number;
  readonly vcpus: number;
  readonly disk: number;
}

/** devstack's flavors, ids as devstack creates them (`m1.nano` = 42, `m1.micro` = 84). */
export const FLAVORS: readonly SeedFlavor[] = Object.freeze([
  { id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 },
  { id: '2', name: 'm1.small', ram: 2048, vcpus: 1, disk: 20 },
  { id: '3', name: 'm1.medium', ram: 4096, vcpus: 2, disk: 40 },
  { id: '4', name: 'm1.large', ram: 8192, vcpus: 4, disk: 80 },
  { id: '42', name: 'm1.nano', ram: 128, vcpus: 1, disk: 1 },
  { id: '5', name: 'm1.xlarge', ram: 16384, vcpus: 8, disk: 160 },
  { id: '84', name: 'm1.micro', ram: 192, vcpus: 1, disk: 1 },
]);

/** devstack's default image; its bytes are a small fixed stand-in for the qcow2 file. */
export const CIRROS_IMAGE = Object.freeze({
  id: 'a2459075-d96c-40d5-893e-577ff92e721c',
  name: 'cirros-0.6.2-x86_64-disk',
  disk_format: 'qcow2',
  container_format: 'bare',
  min_disk: 0,
  min_ram: 0,
  owner: PROJECTS[0]!.id,
});

export interface SeedSubnet {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
  readonly gateway_ip: string;
  readonly allocation_start: string;
}

export interface SeedNetwork {
  readonly id: string;
  readonly name: string;
  readonly external: boolean;
  readonly shared: boolean;
  readonly project_id: string;
  readonly subnet: SeedSubnet;
}

export const NETWORKS: readonly SeedNetwork[] = Object.freeze([
  {
    id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6',
    name: 'private',
    external: false,
    shared: false,
    project_id: PROJECTS[1]!.id,
    subnet: { id: 'a5c4f3e2-1b0a-4d9c-8e7f-6a5b4c3d2e1f', name: 'private-subnet', cidr: '10.0.0.0/26', gateway_ip: '10.0.0.1', allocation_start: '10.0.0.2' },
  },
  {
    id: '9a1e3f44-6c1d-4b8a-9f27-2d5e8c7b6a51',
    name: 'public',
    external: true,
    shared: false,
    project_id: PROJECTS[0]!.id,
    subnet: { id: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', name: 'public-subnet', cidr: '172.24.4.0/24', gateway_ip: '172.24.4.1', allocation_start: '172.24.4.2' },
  },
]);

export function findUser(name: string): SeedUser | undefined {
  return USERS.find((user) => user.name === name);
}

export function findProject(nameOrId: string): SeedProject | undefined {
  return PROJECTS.find((project) => project.name === nameOrId || project.id === nameOrId);
}
