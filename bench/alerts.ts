/**
 * Alerts on unexpected hops: how long from the violating span's arrival to the alert, and what
 * evaluating one flow costs.
 *
 * 1. scripted: boot flows written span by span (analyzer/testing) handed to the analyzer's ingest
 *    (the in-process collector hand-off) at a steady rate; each flow's violating span (nova-compute
 *    writing the database) comes in its own later batch. Latency = alert listener time − the time
 *    that batch was handed over. The analyzer runs its default configuration (rebuild tick 50 ms).
 * 2. pipeline: the simulated cloud with the computeWritesDb fault, traced by the OTel SDK, through
 *    OTLP/HTTP and the collector into the analyzer (test/alerts-stack.ts). Latency = alert time −
 *    arrival at the analyzer of the first batch holding that flow's compute database span.
 * 3. evaluation: evaluateFlow on rebuilt boot flows, scripted (15 hops) and traced from the
 *    simulated cloud (≈ 45 hops), with and without their violating hops, per phase.
 *
 * Goal: p99 latency under 1 s in-process. Run: `npx tsx bench/alerts.ts [--flows 300] [--boots 20]`;
 * prints JSON.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attr } from '../core/attributes.js';
import type { Flow } from '../core/flow.js';
import { SpanKind } from '../core/span.js';
import type { Span } from '../core/span.js';
import { createAlerting, evaluateFlow } from '../analyzer/alert/index.js';
import { startAnalyzer } from '../analyzer/index.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { FlowScript, SCRIPT_ENDPOINTS } from '../analyzer/testing/flow-script.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { startAlertStack } from '../test/alerts-stack.js';
import { summarize } from './alerts-stats.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

async function scripted(flows: number): Promise<{ latencyMs: ReturnType<typeof summarize>; alerts: number; samples: Flow[]; evaluation: { meanUs: number; evaluations: number } }> {
  const alerting = createAlerting({ burst: flows }); // one alert per flow: measure latency, not flood grouping
  const analyzer = await startAnalyzer({ port: 0, endpoints: SCRIPT_ENDPOINTS }, { routes: [(app) => alerting.routes(app)] });
  alerting.attach(analyzer);
  const handedAt = new Map<string, number>();
  const latencies: number[] = [];
  alerting.onAlert((alert, change) => {
    const t0 = handedAt.get(alert.flowId);
    if (change === 'new' && t0 !== undefined && alert.rule === 'invariant/compute-no-database') latencies.push(performance.now() - t0);
  });
  const factory = new SpanFactory(7);
  const ids: string[] = [];
  const sends: Promise<void>[] = [];
  for (let i = 0; i < flows; i++) {
    const t0Us = Date.now() * 1000;
    const boot = scriptBoot(factory, t0Us, `c0ffee00-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const compute = boot.spans.find((s) => s.resource.serviceName === 'nova-compute' && s.kind === SpanKind.CONSUMER)!;
    const violating: Span = new FlowScript(factory, boot.requestId).db(compute, 'UPDATE', 'instances', t0Us + 300_000);
    ids.push(boot.requestId);
    sends.push((async () => {
      await analyzer.ingest.consume(boot.spans);
      await sleep(20);
      handedAt.set(boot.requestId, performance.now());
      await analyzer.ingest.consume([violating]);
    })());
    await sleep(5);
  }
  await Promise.all(sends);
  await sleep(1500);
  const samples = ids.slice(0, 50).map((id) => analyzer.getFlow(id)).filter((f): f is Flow => f !== undefined);
  const stats = alerting.stats();
  await alerting.shutdown();
  await analyzer.shutdown();
  return { latencyMs: summarize(latencies), alerts: latencies.length, samples, evaluation: { meanUs: Math.round(stats.evaluationUs / stats.evaluations), evaluations: stats.evaluations } };
}

/** Every boot and its delete write the database from compute: two alerts per server. */
async function pipeline(boots: number): Promise<{ latencyMs: ReturnType<typeof summarize>; boots: number; samples: Flow[] }> {
  const arrival = new Map<string, number>();
  const latencies: number[] = [];
  const stack = await startAlertStack({
    faults: { computeWritesDb: true },
    tapIngest: (spans) => {
      for (const s of spans) {
        const rid = s.attributes[Attr.requestId];
        if (s.resource.serviceName === 'nova-compute' && s.attributes[Attr.dbSystem] !== undefined && typeof rid === 'string' && !arrival.has(rid)) arrival.set(rid, performance.now());
      }
    },
  });
  stack.alerting.onAlert((alert, change) => {
    const t0 = arrival.get(alert.flowId);
    if (change === 'new' && t0 !== undefined) latencies.push(performance.now() - t0);
  });
  const samples: Flow[] = [];
  try {
    for (let i = 0; i < boots; i += 5) {
      await Promise.all([0, 1, 2, 3, 4].slice(0, boots - i).map(async (j) => {
        const booted = await stack.boot(`bench-${i + j}`);
        samples.push(await stack.completed(booted.requestId));
        await stack.remove(booted.id);
      }));
    }
    await sleep(1000);
  } finally {
    await stack.shutdown();
  }
  return { latencyMs: summarize(latencies), boots, samples };
}

/** Per-flow cost of evaluateFlow; `samples` hold nova-compute's database writes (the violation). */
function evaluationCost(samples: readonly Flow[], rounds: number) {
  const alerting = createAlerting();
  const invariants = alerting.registry.invariants;
  const model = alerting.registry.model('boot');
  const time = (phase: 'update' | 'complete', flows: readonly Flow[]): ReturnType<typeof summarize> => {
    const us: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const flow of flows) {
        const t = performance.now();
        evaluateFlow({ flow, phase, invariants, model });
        us.push((performance.now() - t) * 1000);
      }
    }
    return summarize(us);
  };
  const clean = samples.map((f) => ({ ...f, hops: f.hops.filter((h) => h.to !== 'database' || h.from !== 'nova-compute') }));
  return {
    hopsPerFlow: samples[0]?.hops.length ?? 0,
    cleanUpdateUs: time('update', clean),
    cleanCompleteUs: time('complete', clean),
    violatingCompleteUs: time('complete', samples),
  };
}

const flows = option('flows', 300);
const boots = option('boots', 20);
const s = await scripted(flows);
const p = await pipeline(boots);
console.log(JSON.stringify({
  bench: 'alerts',
  machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  goal: { p99LatencyMs: 1000 },
  scripted: { flows, alerts: s.alerts, latencyMs: s.latencyMs, met: s.latencyMs.p99 < 1000, inSituEvaluationMeanUs: s.evaluation.meanUs, evaluations: s.evaluation.evaluations },
  pipeline: { boots: p.boots, latencyMs: p.latencyMs, met: p.latencyMs.p99 < 1000 },
  evaluation: { scriptedBoots: evaluationCost(s.samples, 50), tracedBoots: evaluationCost(p.samples, 100) },
}, null, 2));
