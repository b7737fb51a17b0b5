/**
 * Component names as they appear in `service.name`, in call graphs and in alert rules.
 * `client` and `database` are the two components that never run hoptrace's shims: the user's
 * client (the caller of a root SERVER span) and the database (the callee of a db CLIENT span).
 */
export const Service = {
  keystone: 'keystone',
  novaApi: 'nova-api',
  novaConductor: 'nova-conductor',
  novaScheduler: 'nova-scheduler',
  novaCompute: 'nova-compute',
  glance: 'glance',
  neutron: 'neutron',
  placement: 'placement',
  cinder: 'cinder',
} as const;
export type ServiceName = (typeof Service)[keyof typeof Service];

export const CLIENT_COMPONENT = 'client';
export const DATABASE_COMPONENT = 'database';

export const ALL_SERVICES: readonly ServiceName[] = Object.values(Service);
