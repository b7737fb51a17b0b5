/**
 * Which component wrote a record: configuration first, then the file name, then the logger name.
 * The file wins over the logger because modules run in several services (`nova.compute.api`
 * logs from nova-api, `nova.compute.manager` from nova-compute).
 */
import { basename } from 'node:path';
import { Service } from '../../core/services.js';
import type { LogRecord } from './record.js';

export const UNKNOWN_SERVICE = 'unknown_service';

/** File stems (the name before `.log`) as packaged services and devstack name them. */
const BY_FILE_STEM: Readonly<Record<string, string>> = {
  'nova-api': Service.novaApi,
  'nova-osapi_compute': Service.novaApi,
  'nova-metadata-api': Service.novaApi,
  'n-api': Service.novaApi,
  'nova-conductor': Service.novaConductor,
  'n-cond': Service.novaConductor,
  'n-super-cond': Service.novaConductor,
  'n-cond-cell1': Service.novaConductor,
  'nova-scheduler': Service.novaScheduler,
  'n-sch': Service.novaScheduler,
  'nova-compute': Service.novaCompute,
  'n-cpu': Service.novaCompute,
  keystone: Service.keystone,
  key: Service.keystone,
  glance: Service.glance,
  'glance-api': Service.glance,
  'g-api': Service.glance,
  neutron: Service.neutron,
  'neutron-server': Service.neutron,
  'q-svc': Service.neutron,
  placement: Service.placement,
  'placement-api': Service.placement,
  cinder: Service.cinder,
  'cinder-api': Service.cinder,
  'c-api': Service.cinder,
};

/** Logger-name prefixes, longest first where they overlap. */
const BY_LOGGER: readonly (readonly [string, string])[] = [
  ['nova.osapi_compute', Service.novaApi],
  ['nova.metadata', Service.novaApi],
  ['nova.api', Service.novaApi],
  ['nova.conductor', Service.novaConductor],
  ['nova.scheduler', Service.novaScheduler],
  ['nova.compute', Service.novaCompute],
  ['nova.virt', Service.novaCompute],
  ['glance', Service.glance],
  ['neutron', Service.neutron],
  ['keystone.', Service.keystone],
  ['placement', Service.placement],
  ['cinder', Service.cinder],
];

/** The service for a file name (path or loghub prefix), or undefined. */
export function serviceOfFile(fileName: string): string | undefined {
  const base = basename(fileName);
  const dot = base.indexOf('.log');
  const stem = (dot < 0 ? base : base.slice(0, dot)).replace(/^devstack@/, '').replace(/\.service$/, '');
  return BY_FILE_STEM[stem];
}

export function serviceOfLogger(logger: string): string | undefined {
  for (const [prefix, service] of BY_LOGGER) if (logger.startsWith(prefix)) return service;
  return undefined;
}

/**
 * Resolves records to services, caching per source and prefix. `configured` maps a file's base
 * name (e.g. `api.log`) to a service and overrides everything else.
 */
export class ServiceResolver {
  readonly #configured: Readonly<Record<string, string>>;
  readonly #byFile = new Map<string, string | undefined>();

  constructor(configured: Readonly<Record<string, string>> = {}) {
    this.#configured = configured;
  }

  #lastFile = '';
  #lastService: string | undefined;

  serviceOf(record: LogRecord): string {
    const file = record.filePrefix ?? record.source;
    let service: string | undefined;
    if (file === this.#lastFile) service = this.#lastService;
    else {
      service = this.#byFile.get(file);
      if (service === undefined && !this.#byFile.has(file)) {
        service = this.#configured[basename(file)] ?? this.#configured[file] ?? serviceOfFile(file);
        this.#byFile.set(file, service);
      }
      this.#lastFile = file;
      this.#lastService = service;
    }
    return service ?? serviceOfLogger(record.logger) ?? UNKNOWN_SERVICE;
  }
}
