import { describe, expect, it } from 'vitest';
import { LogFlowGrouper } from './group.js';
import { parseOsloLog } from './parse.js';
import { ServiceResolver } from './service-of.js';

const U = '9e4b1a7e-0000-4000-8000-000000000001';
const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString().replace('T', ' ').replace('Z', '');
const ctx = (n: number, user = 'u1'): string => `[None req-00000000-0000-4000-8000-00000000000${n} ${user} p - - -]`;
const rec = (ms: number, context: string, message: string): string => `${at(ms)} 7 INFO nova.virt.libvirt.driver ${context} [instance: ${U}] ${message}`;

function grouped(lines: readonly string[]): { placed: Record<string, string[]>; attached: number } {
  const grouper = new LogFlowGrouper(new ServiceResolver());
  for (const r of parseOsloLog(lines.join('\n'), { source: 'nova-compute.log' }).records) grouper.add(r);
  const placed: Record<string, string[]> = {};
  for (const flow of grouper.flows()) placed[flow.key] = flow.events.map((e) => e.record.message.replace(/^\[instance: [^\]]+\] /, ''));
  return { placed, attached: grouper.stats.attachedByInstance };
}

describe('context-free records placed by instance', () => {
  it('join the one user request with records of the same instance on both sides, in time order', () => {
    const { placed, attached } = grouped([rec(0, ctx(1), 'Terminating instance'), rec(5, '[-]', 'Instance destroyed successfully.'), rec(9, ctx(1), 'Deleting instance files'), rec(20, '[-]', 'VM Stopped (Lifecycle Event)')]);
    expect(placed['req-00000000-0000-4000-8000-000000000001']).toEqual(['Terminating instance', 'Instance destroyed successfully.', 'Deleting instance files']);
    expect(attached).toBe(1); // "VM Stopped" came after the request: left unattributed
  });

  it('prefer a user request over a background task, and stay out when two user requests qualify', () => {
    const background = ctx(2, '-');
    const one = grouped([rec(0, background, 'sync'), rec(1, ctx(1), 'spawning'), rec(5, '[-]', 'Instance spawned successfully.'), rec(9, ctx(1), 'built'), rec(10, background, 'sync')]);
    expect(one.placed['req-00000000-0000-4000-8000-000000000001']).toContain('Instance spawned successfully.');
    const two = grouped([rec(0, ctx(1), 'a'), rec(1, ctx(3), 'b'), rec(5, '[-]', 'ambiguous'), rec(9, ctx(1), 'c'), rec(10, ctx(3), 'd')]);
    expect(two.attached).toBe(0);
  });
});
