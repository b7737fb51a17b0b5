import { describe, expect, it } from 'vitest';
import type { LogEvent } from './group.js';
import { extractFacts } from './facts.js';
import { parseOsloLog } from './parse.js';
import { planRpcHops } from './rpc-hops.js';

/** Events of one request id: [ms, service, message]. */
function events(rows: readonly (readonly [number, string, string])[]): LogEvent[] {
  return rows.map(([ms, service, message], seq) => {
    const time = new Date(Date.UTC(2026, 0, 1) + ms).toISOString().replace('T', ' ').replace('Z', '');
    const record = parseOsloLog(`${time} 1 INFO x [None req-00000000-0000-4000-8000-000000000001 u p - - -] ${message}`).records[0]!;
    return { record, service, facts: extractFacts(record), seq };
  });
}

function plan(rows: readonly (readonly [number, string, string])[], operation = ''): string[] {
  return planRpcHops(events(rows), operation).map((p) => `${p.caller.service}>${p.entry.service} ${p.kind} ${p.method}${p.logged ? ' logged' : ''} ${p.sentUs / 1000 - Date.UTC(2026, 0, 1)}-${p.endUs / 1000 - Date.UTC(2026, 0, 1)}`);
}

describe('planRpcHops', () => {
  it('infers each first entry into a service, with the topology’s method for the operation', () => {
    expect(
      plan(
        [
          [0, 'nova-api', 'Creating instance'],
          [10, 'nova-conductor', 'scheduling'],
          [12, 'nova-scheduler', 'filtering'],
          [14, 'nova-scheduler', 'selected'],
          [20, 'nova-compute', 'building'],
          [30, 'nova-compute', 'built'],
        ],
        'boot',
      ),
    ).toEqual([
      'nova-api>nova-conductor cast schedule_and_build_instances 0-10',
      'nova-conductor>nova-scheduler call select_destinations 10-14',
      // the scheduler replied; the conductor then cast to compute (the topology's caller of build_and_run_instance)
      'nova-conductor>nova-compute cast build_and_run_instance 14-30',
    ]);
  });

  it('takes method and kind from RPC receive lines, one hop per message, and does not count replies', () => {
    expect(
      plan([
        [0, 'nova-api', 'shelve requested'],
        [5, 'nova-compute', 'Received cast shelve_instance'],
        [6, 'nova-conductor', 'Received call object_action'],
        [7, 'nova-compute', 'powering off'],
        [8, 'nova-conductor', 'Received call object_action'],
        [9, 'nova-compute', 'done'],
        [10, 'nova-scheduler', 'Received fanout cast delete_instance_info'],
      ]),
    ).toEqual([
      'nova-api>nova-compute cast shelve_instance logged 0-9',
      'nova-compute>nova-conductor call object_action logged 5-6',
      'nova-compute>nova-conductor call object_action logged 7-8',
      'nova-compute>nova-scheduler fanout delete_instance_info logged 9-10',
    ]);
  });

  it('places an access line at the start of its request: a callee may log before the API answers', () => {
    expect(
      plan(
        [
          [20, 'nova-compute', 'Terminating instance'],
          [30, 'nova-api', '10.0.0.1 "DELETE /v2.1/servers/x HTTP/1.1" status: 204 len: 0 time: 0.025'],
          [40, 'nova-compute', 'done'],
        ],
        'delete',
      ),
    ).toEqual(['nova-api>nova-compute cast terminate_instance 5-40']);
  });

  it('falls back to a cast without a method between services the topology does not connect', () => {
    expect(plan([[0, 'nova-api', 'a'], [5, 'nova-compute', 'b']], 'boot')).toEqual(['nova-api>nova-compute cast  0-5']);
    expect(plan([[0, 'nova-compute', 'alone'], [5, 'nova-compute', 'still alone']])).toEqual([]);
  });
});
