/**
 * The SQLite store's write and read cost per span, alone: the pipeline benchmark's own request
 * bodies (OTLP/protobuf from the OpenTelemetry SDK, 100 spans and about 20 attributes a span),
 * every request with new ids, decoded as the embedded pipeline decodes them (lazy attribute maps,
 * read once before the store sees them, as reconstruction reads them), grouped into flows of
 * `flowSpans` spans. Each transaction carries the spans of `flowsPerWrite` flows and the flow
 * records of as many; the records are built before the clock starts. Then `getSpans` of sampled
 * flows, timed one by one.
 *
 * Run: `npx tsx bench/analyzer-store-write.ts [--spans 200000] [--flow-spans 40] [--flows-per-write 8]`; prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Flow } from '../core/flow.js';
import type { Span } from '../core/span.js';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { flowKeyFrom } from '../collector/processor/normalise.js';
import { buildFlow } from '../analyzer/reconstruct/build-flow.js';
import type { WriteBatch } from '../analyzer/store/contracts.js';
import { SqliteFlowStore } from '../analyzer/store/sqlite/sqlite-store.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import { buildPayloads, DEFAULT_SHAPE } from './payload.js';
import { RequestRewriter } from './fresh-requests.js';

const { values } = parseArgs({ options: { spans: { type: 'string' }, 'flow-spans': { type: 'string' }, 'flows-per-write': { type: 'string' } }, strict: true });
const totalSpans = Number(values.spans ?? 200_000);
const flowSpans = Number(values['flow-spans'] ?? 40);
const flowsPerWrite = Number(values['flows-per-write'] ?? 8);

/** Every write batch of the run, built (decoded, attributes read, flows rebuilt) before timing. */
async function batches(): Promise<WriteBatch[]> {
  const payloads = await buildPayloads(DEFAULT_SHAPE);
  const rewriters = payloads.protobuf.map((body, i) => new RequestRewriter(body, payloads.fields[i]!));
  const spans: Span[] = [];
  for (let request = 0; spans.length < totalSpans; request++) {
    const body = rewriters[request % rewriters.length]!.next(request, request);
    for (const span of decodeProtoRequest(body, { keyOf: flowKeyFrom, lazyAttributes: true })) {
      void span.attributes;
      spans.push(span);
    }
  }
  const out: WriteBatch[] = [];
  const perWrite = flowSpans * flowsPerWrite;
  for (let at = 0; at < spans.length; at += perWrite) {
    const flows: { flowId: string; spans: Span[] }[] = [];
    const records: Flow[] = [];
    for (let f = at; f < Math.min(spans.length, at + perWrite); f += flowSpans) {
      const own = spans.slice(f, f + flowSpans);
      const id = `${own[0]!.flowKey}-${f}`;
      flows.push({ flowId: id, spans: own });
      records.push(buildFlow({ id, aliases: [own[0]!.flowKey], spans: own, complete: true, updatedUs: 1, endpoints: {} }).flow);
    }
    out.push({ spans: flows, flows: records });
  }
  return out;
}

const all = await batches();
const dir = mkdtempSync(join(os.tmpdir(), 'hoptrace-bench-store-'));
try {
  const store = new SqliteFlowStore(join(dir, 'flows.db'));
  const cpu = process.cpuUsage();
  const started = nowMs();
  const writeMs: number[] = [];
  for (const batch of all) {
    const t = nowMs();
    store.write(batch);
    writeMs.push(nowMs() - t);
  }
  const wallS = (nowMs() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const stored = store.stats().spans;
  const ids = all.flatMap((b) => (b.spans ?? []).map((s) => s.flowId));
  const readMs: number[] = [];
  let read = 0;
  const readCpu = process.cpuUsage();
  for (let i = 0; i < 2000; i++) {
    const t = nowMs();
    read += store.getSpans(ids[(i * 7919) % ids.length]!).length;
    readMs.push(nowMs() - t);
  }
  const readUsed = process.cpuUsage(readCpu);
  store.close();
  const cpuS = (used.user + used.system) / 1e6;
  process.stdout.write(`${JSON.stringify({
    benchmark: 'analyzer-store-write',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage1m: os.loadavg()[0] },
    shape: { spans: stored, flowSpans, flowsPerWrite, spansPerWrite: flowSpans * flowsPerWrite, attributesPerSpan: DEFAULT_SHAPE.attributesPerSpan },
    write: {
      wallUsPerSpan: Number(((wallS * 1e6) / stored).toFixed(2)),
      cpuSecondsPerMillionSpans: Number((cpuS / (stored / 1e6)).toFixed(2)),
      spansPerS: Math.round(stored / wallS),
      transactionMs: percentiles(writeMs),
    },
    getSpans: { spansRead: read, usPerSpan: Number((((readUsed.user + readUsed.system) / read)).toFixed(2)), flowMs: percentiles(readMs) },
  }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
