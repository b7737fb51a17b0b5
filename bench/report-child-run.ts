/**
 * Runs one component benchmark as a child process (`node --import tsx`, with
 * bench/report-usage.ts preloaded for its CPU and peak memory) and reads back the JSON it prints.
 * Never throws: a failed, timed-out or unparseable child comes back with `error` set.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseUsage } from './report-usage-line.js';
import type { ChildRun } from './report-types.js';

const run = promisify(execFile);

export interface ChildOptions {
  readonly timeoutMs: number;
  /** When set, the child runs with `--cpu-prof` writing .cpuprofile files here. */
  readonly profileDir?: string | undefined;
  /** When set, the child samples its allocations into .heapprofile files here (alloc-sampling.ts). */
  readonly allocDir?: string | undefined;
}

/** The JSON document in `stdout`: all of it, or from the first line that opens an object. */
export function parseOutput(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    const at = stdout.search(/^\{/m);
    if (at < 0) throw new Error('printed no JSON');
    return JSON.parse(stdout.slice(at));
  }
}

export async function runChild(file: string, args: readonly string[], options: ChildOptions): Promise<ChildRun> {
  const preload = pathToFileURL(join(import.meta.dirname, 'report-usage.ts')).href;
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir];
  const alloc = options.allocDir === undefined ? [] : ['--import', pathToFileURL(join(import.meta.dirname, 'alloc-sampling.ts')).href];
  const env = options.allocDir === undefined ? process.env : { ...process.env, HOPTRACE_BENCH_ALLOC_DIR: options.allocDir };
  const argv = ['--import', 'tsx', '--import', preload, ...alloc, ...profile, file, ...args];
  const command = `node ${[file.slice(file.lastIndexOf('bench/')), ...args].join(' ')}`;
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 100) / 10;
  try {
    const { stdout, stderr } = await run(process.execPath, argv, { timeout: options.timeoutMs, maxBuffer: 64 << 20, env });
    try {
      return { command, seconds: seconds(), usage: parseUsage(stderr), output: parseOutput(stdout) };
    } catch (error) {
      return { command, seconds: seconds(), usage: parseUsage(stderr), error: `${(error as Error).message}; stdout began ${JSON.stringify(stdout.slice(0, 200))}` };
    }
  } catch (error) {
    const failure = error as { stderr?: string; killed?: boolean; code?: number | string; message: string };
    const tail = (failure.stderr ?? '').trim().split('\n').filter((l) => !l.startsWith('HOPTRACE_BENCH_USAGE')).slice(-4).join(' | ');
    const why = failure.killed === true ? `timed out after ${options.timeoutMs / 1000} s` : `exit ${String(failure.code)}`;
    return { command, seconds: seconds(), usage: parseUsage(failure.stderr ?? ''), error: `${why}: ${tail}` };
  }
}
