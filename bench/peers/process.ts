/**
 * A peer (Jaeger, the OpenTelemetry Collector) running as its own process for a benchmark: started
 * on free loopback ports, awaited until its OTLP/HTTP receiver answers, measured from /proc (CPU
 * seconds, peak resident memory), stopped with SIGTERM. Linux only, as the benchmark machine is.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** A free TCP port on 127.0.0.1 (the port 0 trick; a peer must bind it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PeerSpec {
  /** Short name for messages and the report, e.g. `jaeger-v2`. */
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The OTLP/HTTP traces URL the load goes to; the peer is ready when it answers a POST. */
  readonly tracesUrl: string;
  /**
   * Asked after the load, before the peer stops: evidence that the peer really kept what it
   * accepted (e.g. Jaeger's query API lists the payload's services). Throws when it did not.
   */
  readonly check?: () => Promise<string>;
}

export interface PeerProcess {
  readonly pid: number;
  /** User + system CPU seconds the peer has used so far (all its threads). */
  cpuSeconds(): number;
  /** Peak resident set size so far, MiB (VmHWM). */
  peakRssMiB(): number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. Safe twice. */
  stop(): Promise<void>;
}

function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ; // utime and stime: fields 14, 15
}

function peakRssOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Math.round(Number(match[1]) / 1024);
}

async function waitReady(child: ChildProcess, spec: PeerSpec, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited with ${child.exitCode} before it was ready:\n${stderr()}`);
    try {
      const response = await fetch(spec.tracesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${spec.name} did not answer ${spec.tracesUrl} within 30 s:\n${stderr()}`);
}

export async function startPeer(spec: PeerSpec): Promise<PeerProcess> {
  const child = spawn(spec.binary, spec.args, { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name}: could not start ${spec.binary}`);
  let lastCpu = 0;
  let lastPeak = 0;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    await waitReady(child, spec, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid,
    cpuSeconds: () => (child.exitCode === null ? (lastCpu = cpuOf(pid)) : lastCpu),
    peakRssMiB: () => (child.exitCode === null ? (lastPeak = peakRssOf(pid)) : lastPeak),
    stop,
  };
}
