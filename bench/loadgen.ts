/**
 * The load generator, run as its own process so that its CPU is not the collector's: it replays
 * pre-built OTLP bodies (made by the OpenTelemetry SDK's exporters, see payload.ts) over
 * keep-alive node:http connections, back to back (saturation) or at a fixed offered rate, and
 * prints one JSON line: requests, status mix, accepted spans/s, latency percentiles. Every request
 * carries new trace, span and request ids, spread like random ones, and times later than the
 * request before (fresh-requests.ts) where the body's ids and times are written beside it, so a
 * receiver that stores or reconstructs sees new spans and new flows, never duplicates.
 *
 * Run: `node --import tsx bench/loadgen.ts '<LoadConfig JSON>'` (bench/collector.ts does).
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { writtenBytes } from './proc-io.js';
import { RequestRewriter } from './fresh-requests.js';

/**
 * Connections a saturation load keeps busy. Saturation means the receiver, never the load, sets
 * the rate: one more request is always waiting. Eight left hoptrace's collector idle between
 * rounds of answers (at about 60 % of its rate), 32 keep it busy, and more add nothing but
 * latency (bench/README.md, "Saturation"). Every saturation scenario uses this count, peers included.
 */
export const SATURATION_CONNECTIONS = 32;

export interface LoadConfig {
  /** The full traces URL. */
  readonly url: string;
  readonly contentType: string;
  /** Files holding the bodies to rotate through. */
  readonly bodyFiles: readonly string[];
  readonly spansPerRequest: number;
  /** Parallel keep-alive connections. */
  readonly connections: number;
  readonly durationMs: number;
  /** Requests in this first period are sent but not measured. */
  readonly warmupMs: number;
  /** Offered requests per second over all connections; 0 = as fast as answers come (saturation). */
  readonly ratePerS: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly acceptedSpans: number;
  readonly durationS: number;
  readonly acceptedSpansPerS: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly loadgenCpuS: number;
  /**
   * Bytes the load generator passed to write(2) (proc-io.ts; null where unknown): a parent that
   * reaps it finds them added to its own count, so it subtracts them.
   */
  readonly loadgenWrittenBytes: number | null;
}

function send(agent: Agent, url: string, contentType: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const bodies = config.bodyFiles.map((file) => RequestRewriter.fromFile(file));
  // A random start: two runs against one receiver do not reuse each other's ids.
  let counter = randomBytes(4).readUInt32BE();
  let sent = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: config.connections });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let acceptedSpans = 0;
  const started = performance.now();
  const measureFrom = started + config.warmupMs;
  const end = measureFrom + config.durationMs;
  const cpu = process.cpuUsage();
  const gapMs = config.ratePerS > 0 ? (1000 * config.connections) / config.ratePerS : 0;
  const worker = async (w: number): Promise<void> => {
    // At a fixed rate the connections' sends are spread evenly over one gap, so the load arrives
    // as a steady stream, not as a burst of one request per connection every gap.
    let next = performance.now() + (gapMs * w) / config.connections - gapMs;
    for (let i = w; performance.now() < end; i += config.connections) {
      if (gapMs > 0) {
        next += gapMs;
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const body = bodies[i % bodies.length]!.next(counter++, sent++);
      const t0 = performance.now();
      const status = await send(agent, config.url, config.contentType, body);
      const t1 = performance.now();
      if (t0 < measureFrom || t1 > end) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(t1 - t0);
      if (status === 200) acceptedSpans += config.spansPerRequest;
    }
  };
  await Promise.all(Array.from({ length: config.connections }, (_, w) => worker(w)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const durationS = config.durationMs / 1000;
  const used = process.cpuUsage(cpu);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    requests: latencies.length,
    statuses,
    acceptedSpans,
    durationS,
    acceptedSpansPerS: Math.round(acceptedSpans / durationS),
    latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? 0) },
    loadgenCpuS: round((used.user + used.system) / 1e6),
    loadgenWrittenBytes: writtenBytes() ?? null,
  };
}

if (process.argv[1]?.endsWith('loadgen.ts')) {
  const config = JSON.parse(process.argv[2] ?? '') as LoadConfig;
  runLoad(config).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
