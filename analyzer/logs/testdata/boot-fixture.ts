/**
 * A hand-written boot as the simulated cloud logs it (one file per service, sim/kit/log.ts
 * format), plus the external-event request neutron sends for it. Times are offsets in ms.
 */
import { parseOsloLog } from '../parse.js';
import type { LogRecord } from '../record.js';

export const A = 'req-aaaaaaaa-0000-4000-8000-000000000001'; // nova-api's id: the flow key
export const G = 'req-aaaaaaaa-0000-4000-8000-000000000002'; // glance's id
export const P = 'req-aaaaaaaa-0000-4000-8000-000000000003'; // placement's id
export const E = 'req-aaaaaaaa-0000-4000-8000-000000000004'; // the external-event request
export const UUID = '9e4b1a7e-0000-4000-8000-00000000000a';
export const IMAGE = '6f0e3a1c-0000-4000-8000-00000000000b';

const at = (ms: number): string => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + ms).toISOString().replace('T', ' ').replace('Z', '');
const ctx = (global: string | undefined, local: string): string => `[${global ?? 'None'} ${local} u1 p1 - - -]`;

export const BOOT_FILES: Readonly<Record<string, readonly string[]>> = {
  'nova-api.log': [
    `${at(0)} 100 INFO nova.api.openstack.compute.servers ${ctx(undefined, A)} [instance: ${UUID}] Creating instance`,
    `${at(2)} 100 DEBUG keystoneauth.session ${ctx(undefined, A)} GET call to image for http://127.0.0.1:9292/v2/images/${IMAGE} used request id ${G}`,
    `${at(10)} 100 INFO nova.api.openstack.requestlog ${ctx(undefined, A)} 127.0.0.1 "POST /v2.1/servers" status: 202 len: 400 microversion: 2.96 time: 0.012000`,
    `${at(40)} 100 INFO nova.api.openstack.compute.server_external_events ${ctx(undefined, E)} Creating event network-vif-plugged:port-1 for instance ${UUID}`,
    `${at(41)} 100 INFO nova.api.openstack.requestlog ${ctx(undefined, E)} 127.0.0.1 "POST /v2.1/os-server-external-events" status: 200 len: 90 microversion: 2.1 time: 0.002000`,
  ],
  'glance.log': [`${at(1)} 200 INFO glance.api.requestlog ${ctx(A, G)} 127.0.0.1 "GET /v2/images/${IMAGE}" status: 200 len: 800 microversion: - time: 0.000500`],
  'nova-conductor.log': [`${at(11)} 300 INFO nova.conductor.manager ${ctx(undefined, A)} [instance: ${UUID}] Scheduling instance`],
  'nova-scheduler.log': [
    `${at(12)} 400 INFO nova.scheduler.manager ${ctx(undefined, A)} Starting to schedule`,
    `${at(13)} 400 DEBUG keystoneauth.session ${ctx(undefined, A)} GET call to placement for http://127.0.0.1:8778/allocation_candidates?resources=VCPU:1 used request id ${P}`,
    `${at(14)} 400 INFO nova.scheduler.manager ${ctx(undefined, A)} [instance: ${UUID}] Selected host: compute-1`,
  ],
  'placement.log': [`${at(12.8)} 500 INFO placement.requestlog ${ctx(A, P)} 127.0.0.1 "GET /allocation_candidates?resources=VCPU:1" status: 200 len: 100 microversion: 1.36 time: 0.000200`],
  'nova-compute.log': [
    `${at(20)} 600 DEBUG nova.compute.manager ${ctx(undefined, A)} Received cast build_and_run_instance`,
    `${at(30)} 600 INFO nova.compute.manager ${ctx(undefined, A)} [instance: ${UUID}] Took 0.01 seconds to build instance.`,
    `${at(31)} 600 INFO nova.compute.manager [-] [instance: ${UUID}] Instance spawned successfully.`,
  ],
};

/** The fixture's records, file by file, in the given file order. */
export function bootRecords(order: readonly string[] = Object.keys(BOOT_FILES)): LogRecord[] {
  return order.flatMap((file) => parseOsloLog(BOOT_FILES[file]!.join('\n') + '\n', { source: `/var/log/${file}` }).records);
}
