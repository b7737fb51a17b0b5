/**
 * The query benchmark's HTTP client, run as its own process as a user's client would be: one
 * keep-alive node:http connection per server, requests sent one after another (the next once the
 * previous answer's body is read), the warm-up requests sent but not measured. With a floor URL
 * (a bare node:http handler answering a fixed body of the same size), blocks of requests
 * alternate between the two servers, so both rows see the same machine load. Prints one JSON
 * line (QueryClientResult). Every answer must be 200 with a body, or the run fails.
 *
 * Run: `node --import tsx bench/analyzer-query-client.ts '<QueryClientConfig JSON>'` (analyzer-query.ts does).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface QueryClientConfig {
  /** Base URL of the query API. */
  readonly url: string;
  /** URL of the floor server, asked in alternate blocks; none when absent. */
  readonly floorUrl?: string;
  /** A JSON file holding the request ids to ask for, in order: warm-up first, then the measured ones. */
  readonly idsFile: string;
  readonly warmup: number;
  readonly samples: number;
  /** Requests per block when alternating with the floor. @default 100 */
  readonly block?: number;
}

export interface QueryClientResult {
  readonly latencyMs: Percentiles;
  readonly floorLatencyMs?: Percentiles;
  readonly bodyBytesMean: number;
  readonly clientCpuS: number;
}

function get(agent: Agent, url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Asks `url` and returns the round trip in ms; throws unless 200 with a body. */
async function timed(agent: Agent, url: string, bytes: { total: number }): Promise<number> {
  const t = performance.now();
  const answer = await get(agent, url);
  const ms = performance.now() - t;
  if (answer.status !== 200 || answer.bytes === 0) throw new Error(`GET ${url} answered ${answer.status} with ${answer.bytes} bytes`);
  bytes.total += answer.bytes;
  return ms;
}

async function main(config: QueryClientConfig): Promise<QueryClientResult> {
  const ids = JSON.parse(readFileSync(config.idsFile, 'utf8')) as string[];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const floorAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const flowUrl = (i: number): string => `${config.url}/api/flows/${ids[i % ids.length]!}`;
  const unused = { total: 0 };
  for (let i = 0; i < config.warmup; i++) {
    await timed(agent, flowUrl(i), unused);
    if (config.floorUrl !== undefined) await timed(floorAgent, config.floorUrl, unused);
  }
  const cpu = process.cpuUsage();
  const block = config.block ?? 100;
  const flows: number[] = [];
  const floor: number[] = [];
  const bytes = { total: 0 };
  while (flows.length < config.samples) {
    const end = Math.min(config.samples, flows.length + block);
    while (flows.length < end) flows.push(await timed(agent, flowUrl(config.warmup + flows.length), bytes));
    if (config.floorUrl !== undefined) for (let i = 0; i < block; i++) floor.push(await timed(floorAgent, config.floorUrl, unused));
  }
  const used = process.cpuUsage(cpu);
  agent.destroy();
  floorAgent.destroy();
  return {
    latencyMs: percentiles(flows),
    ...(config.floorUrl === undefined ? {} : { floorLatencyMs: percentiles(floor) }),
    bodyBytesMean: Math.round(bytes.total / config.samples),
    clientCpuS: Number(((used.user + used.system) / 1e6).toFixed(3)),
  };
}

process.stdout.write(`${JSON.stringify(await main(JSON.parse(process.argv[2]!) as QueryClientConfig))}\n`);
