/**
 * The web view in real headless Chromium (Debian's, installed by deploy/chromium.sh, driven by
 * playwright-core): a boot with the callInsteadOfCast fault runs through the whole embedded
 * pipeline, then its flow page must draw every component and hop of the flow, mark the offending
 * call in red and the critical path, and list the alert. Its screenshots go to a temporary folder;
 * `HOPTRACE_SCREENSHOTS=docs npx vitest run test/browser.test.ts` refreshes the README's pictures
 * (docs/flow-page.png, docs/flows-page.png) instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../core/flow.js';
import { ComputeClient } from '../cli/start/compute-client.js';
import { startEmbedded } from '../cli/start/embedded.js';
import type { Embedded } from '../cli/start/embedded.js';
import { runScenario } from '../cli/start/scenario.js';
import type { MutableFaults } from '../cli/start/scenario.js';
import { waitForFlow } from '../cli/start/wait-flow.js';

const ROOT = join(import.meta.dirname, '..');
const screenshotDir = (): string => (process.env.HOPTRACE_SCREENSHOTS === undefined ? stateDir : join(ROOT, process.env.HOPTRACE_SCREENSHOTS));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface DrawnGraph {
  readonly nodes: { id: string; classes: string[] }[];
  readonly edges: { source: string; target: string; kind: string; operations: string[]; seqs: number[]; classes: string[] }[];
}

let stateDir: string;
let embedded: Embedded;
let browser: Browser;
let page: Page;
let flow: Flow;
let client: ComputeClient;
const faults: MutableFaults = { callInsteadOfCast: false };

function installChromium(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(ROOT, 'deploy', 'chromium.sh')], { timeout: 600_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`deploy/chromium.sh could not install Debian's chromium (run it as root): ${stderr || error.message}`));
      else resolve();
    });
  });
}

beforeAll(async () => {
  await installChromium();
  stateDir = await mkdtemp(join(tmpdir(), 'hoptrace-browser-'));
  embedded = await startEmbedded({ apiPort: 0, ephemeralPorts: true, stateDir, faults, stepDelayMs: 10 });
  client = await ComputeClient.login(embedded.cloud.authUrl, embedded.cloud.endpoints['nova-api'], 'demo', 'demo');
  let requestId = '';
  const signal = new AbortController().signal;
  await runScenario(['fault'], { client, faults, signal, settleTimeoutMs: 30_000, onStep: async (run) => void (requestId = run.requestId) });
  const found = await waitForFlow(embedded.analyzer, requestId, 20_000, signal);
  if (!found || found.status === 'in_progress') throw new Error(`the faulty boot's flow ${requestId} did not complete`);
  flow = found;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
}, 700_000);

afterAll(async () => {
  await browser?.close();
  await embedded?.shutdown();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('flow page', { timeout: 120_000 }, () => {
  it('draws the boot as a call graph with the alert hop in red, and is saved as flow-page.png', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${embedded.analyzer.url}/flows/${flow.id}`);
    await page.waitForFunction(() => (globalThis as unknown as { hoptraceGraph?: { edges(s: string): { length: number } } }).hoptraceGraph?.edges('.alert').length);
    const drawn: DrawnGraph = await page.evaluate(() => {
      const cy = (globalThis as unknown as { hoptraceGraph: { nodes(): { map<T>(f: (n: { id(): string; classes(): string[] }) => T): T[] }; edges(): { map<T>(f: (e: { data(k: string): unknown; classes(): string[] }) => T): T[] } } }).hoptraceGraph;
      return {
        nodes: cy.nodes().map((n) => ({ id: n.id(), classes: n.classes() })),
        edges: cy.edges().map((e) => ({ source: e.data('source') as string, target: e.data('target') as string, kind: e.data('kind') as string, operations: e.data('operations') as string[], seqs: e.data('seqs') as number[], classes: e.classes() })),
      };
    });
    expect(errors).toEqual([]);
    expect(drawn.nodes.map((node) => node.id).sort()).toEqual([...flow.graph.nodes].sort());
    for (const component of ['client', 'nova-api', 'glance', 'neutron', 'nova-conductor', 'nova-scheduler', 'placement', 'nova-compute']) {
      expect(drawn.nodes.map((node) => node.id)).toContain(component);
    }
    // One arrow per (caller, callee, kind), standing for every hop of that shape.
    const shapes = new Set(flow.hops.map((hop) => `${hop.from}|${hop.to}|${hop.kind}`));
    expect(drawn.edges).toHaveLength(shapes.size);
    expect(drawn.edges.flatMap((e) => e.seqs).sort((a, b) => a - b)).toEqual(flow.hops.map((hop) => hop.seq));
    const edge = (source: string, target: string, operation: string) => drawn.edges.find((e) => e.source === source && e.target === target && e.operations.includes(operation));
    expect(edge('nova-api', 'nova-conductor', 'schedule_and_build_instances')).toMatchObject({ kind: 'rpc_cast', classes: expect.arrayContaining(['kind-rpc_cast']) });
    expect(edge('nova-conductor', 'nova-scheduler', 'select_destinations')).toMatchObject({ kind: 'rpc_call' });
    const offending = edge('nova-conductor', 'nova-compute', 'build_and_run_instance');
    expect(offending).toMatchObject({ kind: 'rpc_call', operations: ['build_and_run_instance'], classes: expect.arrayContaining(['alert']) });
    expect(drawn.edges.filter((e) => e.classes.includes('alert'))).toHaveLength(1);
    expect(drawn.nodes.find((node) => node.id === 'nova-compute')?.classes).toContain('alert');
    expect(drawn.edges.filter((e) => e.classes.includes('critical')).length).toBeGreaterThan(0);
    expect(edge('client', 'nova-api', 'POST /v2.1/servers')?.classes).toContain('critical');
    // The red is really drawn: cytoscape's computed style of the offending edge.
    const color = await page.evaluate(() => (globalThis as unknown as { hoptraceGraph: { edges(s: string): { style(k: string): string } } }).hoptraceGraph.edges('.alert').style('line-color'));
    expect(color).toBe('rgb(209,31,31)');

    await expect.poll(() => page.locator('#alerts li').allTextContents()).toEqual([expect.stringContaining('invariant/rpc-kind')]);
    const alertRow = page.locator(`#hops tr[data-seq="${offending!.seqs[0]}"]`);
    expect(await alertRow.getAttribute('class')).toContain('alert');
    expect(await page.locator('#hops tbody tr').count()).toBe(flow.hops.length);
    await page.locator('.tl-row').first().waitFor();
    expect(await page.locator('.tl-row').count()).toBe(flow.spanCount);
    expect(await page.locator('#jaeger-json').getAttribute('href')).toBe(`/api/flows/${flow.id}/jaeger.json`);
    await page.screenshot({ path: join(screenshotDir(), 'flow-page.png') });
    // Clicking the red arrow marks the hop it stands for in the table.
    const at = await page.evaluate(() => (globalThis as unknown as { hoptraceGraph: { edges(s: string): { renderedMidpoint(): { x: number; y: number } } } }).hoptraceGraph.edges('.alert').renderedMidpoint());
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await expect.poll(() => page.locator('#hops tr.selected').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { seq: string } }).dataset.seq))).toEqual([String(offending!.seqs[0])]);
  });

  it('lists the flow on the recent-flows page with its alert count', async () => {
    await page.goto(`${embedded.analyzer.url}/`);
    const row = page.locator(`tr[data-flow-id="${flow.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('has-alert');
    expect(await row.locator('.badge.alert').textContent()).toBe('1');
    expect(await page.locator('#alerts li.alert').first().textContent()).toContain('invariant/rpc-kind');
    await page.locator('body').screenshot({ path: join(screenshotDir(), 'flows-page.png') });
  });

  it('shows a new flow on the open list page without a reload', async () => {
    await page.goto(`${embedded.analyzer.url}/`);
    await page.locator(`tr[data-flow-id="${flow.id}"]`).waitFor();
    let requestId = '';
    await runScenario(['boot'], { client, faults, signal: new AbortController().signal, settleTimeoutMs: 30_000, onStep: async (run) => void (requestId = run.requestId) });
    const fresh = await waitForFlow(embedded.analyzer, requestId, 20_000, new AbortController().signal);
    const row = page.locator(`tr[data-flow-id="${fresh!.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('.badge').first().textContent()).toBe('complete');
    expect(await row.getAttribute('class')).not.toContain('has-alert');
  });
});
