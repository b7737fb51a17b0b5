import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../objects/instance.js';
import { filterServers, MarkerNotFound } from './server-list.js';

function instance(name: string, vmState: InstanceRecord['vmState'], createdAt: string): InstanceRecord {
  return { uuid: `id-${name}`, name, vmState, taskState: null, createdAt } as InstanceRecord;
}

const ALL = [instance('web-1', 'active', '2026-01-01'), instance('web-2', 'stopped', '2026-01-02'), instance('db', 'active', '2026-01-03')];
const names = (list: InstanceRecord[]) => list.map((i) => i.name);

describe('filterServers', () => {
  it('lists newest first', () => {
    expect(names(filterServers(ALL, {}))).toEqual(['db', 'web-2', 'web-1']);
  });

  it('searches the name as a regular expression, and falls back to a substring for a broken one', () => {
    expect(names(filterServers(ALL, { name: '^web-\\d$' }))).toEqual(['web-2', 'web-1']);
    expect(names(filterServers(ALL, { name: 'b-1' }))).toEqual(['web-1']);
    expect(names(filterServers(ALL, { name: '(' }))).toEqual([]);
  });

  it('filters on API status, case-insensitively', () => {
    expect(names(filterServers(ALL, { status: 'shutoff' }))).toEqual(['web-2']);
  });

  it('pages with marker (exclusive) and limit; an unknown marker is an error', () => {
    expect(names(filterServers(ALL, { marker: 'id-db', limit: 1 }))).toEqual(['web-2']);
    expect(() => filterServers(ALL, { marker: 'id-nope' })).toThrow(MarkerNotFound);
  });
});
