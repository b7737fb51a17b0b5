/**
 * The collector benchmark's load against a peer process: the same OTLP bodies (bench/payload.ts,
 * made by the OpenTelemetry JS SDK's exporters, same shape), the same load generator in its own
 * process (bench/loadgen.ts: keep-alive connections, saturation), the same warm-up and window as
 * bench/collector.ts, so the peer's spans/s sits beside hoptrace's. The peer is started afresh
 * for each encoding so that its peak memory belongs to that encoding.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadConfig, LoadResult } from '../loadgen.js';
import { buildPayloads, DEFAULT_SHAPE, writeBodyFiles } from '../payload.js';
import { startPeer } from './process.js';
import type { PeerSpec } from './process.js';

const run = promisify(execFile);
const WARMUP_MS = 1500;

export interface PeerLoadOptions {
  readonly seconds: number;
  readonly connections: number;
}

export interface PeerScenario {
  readonly encoding: 'json' | 'protobuf';
  readonly load: LoadResult;
  /** The peer's CPU over the measured window (whole run scaled by window / (window + warm-up)). */
  readonly peerCpuS: number;
  readonly cpuSecondsPerMillionSpans: number;
  /** Accepted spans per second of the peer's CPU: the rate with the machine's other load taken out. */
  readonly spansPerCpuS: number;
  readonly peakRssMiB: number;
  /** What the peer's own API showed after the load (PeerSpec.check), if it has one. */
  readonly check?: string;
}

export interface PeerReport {
  readonly benchmark: string;
  readonly peer: string;
  readonly date: string;
  readonly payload: { readonly spansPerRequest: number; readonly attributesPerSpan: number; readonly bytesPerSpan: { readonly json: number; readonly protobuf: number } };
  readonly options: PeerLoadOptions;
  readonly scenarios: readonly PeerScenario[];
}

async function loadOnce(spec: PeerSpec, encoding: PeerScenario['encoding'], files: readonly string[], spansPerRequest: number, options: PeerLoadOptions): Promise<PeerScenario> {
  const peer = await startPeer(spec);
  try {
    const config: LoadConfig = {
      url: spec.tracesUrl,
      contentType: encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      bodyFiles: files,
      spansPerRequest,
      connections: options.connections,
      durationMs: options.seconds * 1000,
      warmupMs: WARMUP_MS,
      ratePerS: 0,
    };
    const cpuBefore = peer.cpuSeconds();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'loadgen.ts'), JSON.stringify(config)], { maxBuffer: 1 << 20 });
    const peerCpuS = (peer.cpuSeconds() - cpuBefore) * (options.seconds / (options.seconds + WARMUP_MS / 1000));
    const load = JSON.parse(stdout) as LoadResult;
    const check = spec.check === undefined ? undefined : await spec.check();
    const round = (x: number): number => Math.round(x * 100) / 100;
    return {
      encoding,
      load,
      peerCpuS: round(peerCpuS),
      cpuSecondsPerMillionSpans: load.acceptedSpans === 0 ? 0 : round(peerCpuS / (load.acceptedSpans / 1e6)),
      spansPerCpuS: peerCpuS === 0 ? 0 : Math.round(load.acceptedSpans / peerCpuS),
      peakRssMiB: peer.peakRssMiB(),
      ...(check === undefined ? {} : { check }),
    };
  } finally {
    await peer.stop();
  }
}

/** Runs protobuf then JSON load against fresh instances of the peer `specFor` describes. */
export async function benchPeer(benchmark: string, specFor: () => Promise<PeerSpec>, options: PeerLoadOptions): Promise<PeerReport> {
  const payloads = await buildPayloads(DEFAULT_SHAPE);
  const dir = mkdtempSync(join(os.tmpdir(), 'hoptrace-bench-peer-'));
  try {
    const files = { json: writeBodyFiles(dir, payloads, 'json'), protobuf: writeBodyFiles(dir, payloads, 'protobuf') };
    const scenarios: PeerScenario[] = [];
    let name = '';
    for (const encoding of ['protobuf', 'json'] as const) {
      const spec = await specFor();
      name = spec.name;
      scenarios.push(await loadOnce(spec, encoding, files[encoding], payloads.spansPerRequest, options));
    }
    const bytesPerSpan = (bodies: readonly Buffer[]): number => Math.round(bodies.reduce((n, b) => n + b.length, 0) / bodies.length / payloads.spansPerRequest);
    return {
      benchmark,
      peer: name,
      date: new Date().toISOString(),
      payload: { spansPerRequest: payloads.spansPerRequest, attributesPerSpan: payloads.attributesPerSpan, bytesPerSpan: { json: bytesPerSpan(payloads.json), protobuf: bytesPerSpan(payloads.protobuf) } },
      options,
      scenarios,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
