import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBootFlow } from '../analyzer/web/testing/fixture-flow.js';
import { COMMANDS } from './commands/index.js';
import { runCli } from './dispatch.js';
import { captureIO } from './testing/capture-io.js';
import { startFixtureApi } from './testing/fixture-api.js';
import type { FixtureApi } from './testing/fixture-api.js';

let api: FixtureApi;
const flow = fixtureBootFlow();
beforeAll(async () => (api = await startFixtureApi([flow])));
afterAll(() => api.close());

describe('runCli', () => {
  it('colours output on a terminal', async () => {
    const io = captureIO({ isTTY: true, env: { HOPTRACE_API: api.url } });
    expect(await runCli(['flow', flow.id], io, COMMANDS)).toBe(0);
    expect(io.out()).toContain('\u001b[1mboot\u001b[0m');
  });

  it('does not colour when NO_COLOR is set or stdout is not a terminal', async () => {
    for (const io of [captureIO({ isTTY: true, env: { HOPTRACE_API: api.url, NO_COLOR: '' } }), captureIO({ isTTY: false, env: { HOPTRACE_API: api.url } })]) {
      expect(await runCli(['flow', flow.id], io, COMMANDS)).toBe(0);
      expect(io.out()).not.toContain('\u001b[');
    }
  });

  it('prints a command help with `help <command>`', async () => {
    const io = captureIO();
    expect(await runCli(['help', 'flows'], io, COMMANDS)).toBe(0);
    expect(io.out()).toContain('Usage: hoptrace flows');
  });

  it('reports an unexpected failure as an internal error with exit 1, never a throw', async () => {
    const io = captureIO();
    const broken = { name: 'boom', summary: '', usage: '', run: () => Promise.reject(new Error('kaput')) };
    expect(await runCli(['boom'], io, [broken])).toBe(1);
    expect(io.err()).toContain('hoptrace boom: internal error: Error: kaput');
  });
});
