/**
 * The query benchmark's HTTP client, run as its own process as a user's client would be: one
 * keep-alive node:http connection, requests sent one after another (the next once the previous
 * answer's body is read), the warm-up requests sent but not measured. Prints one JSON line
 * (QueryClientResult). Every answer must be 200 with a body, or the run fails.
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
  /** A JSON file holding the request ids to ask for, in order (cycled). */
  readonly idsFile: string;
  readonly warmup: number;
  readonly samples: number;
}

export interface QueryClientResult {
  readonly latencyMs: Percentiles;
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

async function main(config: QueryClientConfig): Promise<QueryClientResult> {
  const ids = JSON.parse(readFileSync(config.idsFile, 'utf8')) as string[];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const urlOf = (i: number): string => `${config.url}/api/flows/${ids[i % ids.length]!}`;
  for (let i = 0; i < config.warmup; i++) await get(agent, urlOf(i));
  const cpu = process.cpuUsage();
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < config.samples; i++) {
    const url = urlOf(config.warmup + i);
    const t = performance.now();
    const answer = await get(agent, url);
    latencies.push(performance.now() - t);
    if (answer.status !== 200 || answer.bytes === 0) throw new Error(`GET ${url} answered ${answer.status} with ${answer.bytes} bytes`);
    bytes += answer.bytes;
  }
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { latencyMs: percentiles(latencies), bodyBytesMean: Math.round(bytes / config.samples), clientCpuS: Number(((used.user + used.system) / 1e6).toFixed(3)) };
}

process.stdout.write(`${JSON.stringify(await main(JSON.parse(process.argv[2]!) as QueryClientConfig))}\n`);
