import type { InstanceRecord } from '../objects/instance.js';
import { statusOf } from '../objects/states.js';

/** Query parameters of `GET /servers` and `/servers/detail` nova honours here; others are ignored. */
export interface ServerQuery {
  readonly name?: string;
  readonly status?: string;
  readonly limit?: number;
  readonly marker?: string;
}

/** Thrown for a marker that names no listed server (nova: 400 "marker [x] not found"). */
export class MarkerNotFound extends Error {}

function nameMatcher(pattern: string): (name: string) => boolean {
  try {
    const regex = new RegExp(pattern);
    return (name) => regex.test(name);
  } catch {
    return (name) => name.includes(pattern);
  }
}

/**
 * nova's list filtering: `name` is a regular expression searched in the name (nova uses `REGEXP`
 * in SQL), `status` an API status; newest first, then `marker` (exclusive) and `limit`.
 */
export function filterServers(instances: readonly InstanceRecord[], query: ServerQuery): InstanceRecord[] {
  const byName = query.name === undefined ? () => true : nameMatcher(query.name);
  const wantedStatus = query.status?.toUpperCase();
  let list = instances
    .filter((i) => byName(i.name))
    .filter((i) => wantedStatus === undefined || statusOf(i.vmState, i.taskState) === wantedStatus)
    .reverse();
  if (query.marker !== undefined) {
    const index = list.findIndex((i) => i.uuid === query.marker);
    if (index < 0) throw new MarkerNotFound(`marker [${query.marker}] not found`);
    list = list.slice(index + 1);
  }
  return query.limit === undefined ? list : list.slice(0, query.limit);
}
