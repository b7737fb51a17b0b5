import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { allocationShares, profileFiles } from './profile-layers.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An OTLP/JSON request of `n` spans, each with a few attributes. */
function requestOf(n: number): string {
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: (i + 1).toString(16).padStart(16, '0'), name: `op ${i}`, kind: 2,
    startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000001000000',
    attributes: [{ key: 'openstack.request_id', value: { stringValue: `req-${i}` } }, { key: 'http.route', value: { stringValue: '/v2.1/servers' } }],
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'nova-api' } }] }, scopeSpans: [{ spans }] }] });
}

describe('alloc-sampling', () => {
  it('writes the allocations of a child process, and charges its decoding to the collector/otlp layer', async () => {
    const work = mkdtempSync(join(os.tmpdir(), 'hoptrace-alloc-'));
    dirs.push(work);
    const out = join(work, 'profiles');
    const script = join(work, 'child.mts');
    const decoder = pathToFileURL(join(import.meta.dirname, '../collector/otlp/decode-json.ts')).href;
    writeFileSync(script, `import { decodeJsonRequest } from '${decoder}';\nconst body = ${JSON.stringify(requestOf(200))};\nlet spans = 0;\nfor (let i = 0; i < 300; i++) spans += decodeJsonRequest(body).length;\nconsole.log(spans);\n`);
    const sampler = pathToFileURL(join(import.meta.dirname, 'alloc-sampling.ts')).href;
    mkdirSync(out);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', sampler, script], { env: { ...process.env, HOPTRACE_BENCH_ALLOC_DIR: out } });
    expect(stdout.trim()).toBe('60000');
    expect(readdirSync(out)).toEqual([expect.stringMatching(/^\d+-0\.heapprofile$/)]);
    const shares = allocationShares(profileFiles([out], '.heapprofile'), 60_000);
    const otlp = shares.find((s) => s.layer === 'collector/otlp');
    // Each decoded span holds its attribute map, strings and arrays: well over 0.2 kB, sampled every 32 KiB on average.
    expect(otlp?.kbPerSpan).toBeGreaterThan(0.2);
    expect(otlp!.share).toBeGreaterThan(0.3);
  }, 60_000);

  it('writes nothing, not even into the working directory, when the directory is empty', async () => {
    const work = mkdtempSync(join(os.tmpdir(), 'hoptrace-alloc-'));
    dirs.push(work);
    const sampler = pathToFileURL(join(import.meta.dirname, 'alloc-sampling.ts')).href;
    const { stdout } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), '--import', sampler, '-e', 'console.log("ran")'], { cwd: work, env: { ...process.env, HOPTRACE_BENCH_ALLOC_DIR: '' } });
    expect(stdout.trim()).toBe('ran');
    expect(readdirSync(work)).toEqual([]);
  }, 60_000);
});
