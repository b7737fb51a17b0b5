import { describe, expect, it } from 'vitest';
import { fixtureBootFlow } from '../../analyzer/web/testing/fixture-flow.js';
import { palette } from '../color.js';
import { flowText, hopLines } from './flow-text.js';

describe('flowText', () => {
  const flow = fixtureBootFlow();

  it('numbers every hop in order with its kind label and marks the critical path', () => {
    const lines = hopLines(flow, palette(false));
    expect(lines).toHaveLength(flow.hops.length);
    expect(lines[0]).toMatch(/^\s+1 \* client → nova-api\s+REST\s+POST \/v2\.1\/servers\s+60\.0 ms$/);
    expect(lines[1]).toMatch(/^\s+2 {3}nova-api → keystone\s+REST/);
    expect(lines[4]).toMatch(/5 \* nova-api → nova-conductor\s+cast\s+schedule_and_build_instances/);
    expect(lines[5]).toMatch(/6 \* nova-conductor → nova-scheduler\s+call\s+select_destinations/);
  });

  it('has no escape codes without colour and some with it', () => {
    expect(flowText(flow, palette(false))).not.toContain('\u001b[');
    expect(flowText(flow, palette(true))).toContain('\u001b[');
  });

  it('shows the heading, the aliases and the critical path', () => {
    const text = flowText(flow, palette(false));
    expect(text.split('\n')[0]).toBe(`boot  ${flow.id}  complete  251.0 ms  32 spans`);
    expect(text).toContain(`request ids: ${flow.aliases.join(', ')}`);
    expect(text).toContain(`critical path (*): ${flow.criticalPath.join(' → ')}`);
  });

  it('counts request ids and warnings in compact form', () => {
    const text = flowText({ ...flow, warnings: ['clock skew: x'] }, palette(false), { compact: true });
    expect(text).toContain(`  2 request ids, 1 repair warning (hoptrace flow ${flow.id} lists them)`);
    expect(text).not.toContain('clock skew');
  });

  it('points at the hops alerts name', () => {
    const lines = hopLines(flow, palette(false), new Set([5]));
    expect(lines[4]).toMatch(/schedule_and_build_instances\s+1\.0 ms {2}← ALERT$/);
    expect(lines.filter((line) => line.includes('ALERT'))).toHaveLength(1);
  });
});
