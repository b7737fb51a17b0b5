/**
 * Checks hoptrace's Jaeger JSON model against a real Jaeger v2: a scripted boot (with a span that
 * lost its trace context, an error and an event) is exported to Jaeger over OTLP/HTTP, read back
 * from Jaeger's own `/api/traces/{id}?raw=true`, and compared span by span with what hoptrace
 * serves for the same flow. Prints JSON: span counts and every difference (none is the goal).
 *
 * test/analyzer-jaeger.test.ts does the same against the Jaeger that bench/peers/jaeger.sh builds.
 * Run against any Jaeger v2 with an OTLP/HTTP receiver and memory storage:
 *   npx tsx bench/analyzer-jaeger-model.ts --otlp http://127.0.0.1:4318 --query http://127.0.0.1:16686
 */
import { parseArgs } from 'node:util';
import { toJaegerTrace } from '../analyzer/export/jaeger/model.js';
import type { JaegerTrace } from '../analyzer/export/jaeger/model.js';
import { exportFlowOverOtlp } from '../analyzer/export/jaeger/otlp-export.js';
import { buildFlow } from '../analyzer/reconstruct/build-flow.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { compareJaegerTraces } from '../analyzer/testing/jaeger-compare.js';
import { SpanFactory, withSpan } from '../analyzer/testing/spans.js';

const { values } = parseArgs({ options: { otlp: { type: 'string', default: 'http://127.0.0.1:4318' }, query: { type: 'string', default: 'http://127.0.0.1:16686' } } });

const boot = scriptBoot(new SpanFactory(Date.now() % 100_000 + 100), Date.now() * 1000 - 10_000_000);
const spans = boot.spans.map((s, i) => (i === 3
  ? { ...withSpan(s, { traceId: `${'c'.repeat(31)}d` }), statusCode: 2 as const, statusMessage: 'boom', events: [{ timeUs: s.startUs + 5, name: 'retry', attributes: { n: 1.5, k: 'v' } }] }
  : s));
const flow = buildFlow({ id: boot.requestId, aliases: [], spans, complete: true, updatedUs: 0, endpoints: {} }).flow;
const exported = await exportFlowOverOtlp({ endpoint: values.otlp }, flow, spans);
if (!exported.ok) throw new Error(exported.message);
const ours = toJaegerTrace(flow, spans);
let theirs: JaegerTrace | undefined;
for (let attempt = 0; attempt < 50 && theirs === undefined; attempt++) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const response = await fetch(`${values.query}/api/traces/${ours.traceID}?raw=true`);
  if (response.ok) theirs = ((await response.json()) as { data: JaegerTrace[] }).data[0];
}
if (theirs === undefined) throw new Error(`Jaeger at ${values.query} never served trace ${ours.traceID}`);
const differences = compareJaegerTraces(ours, theirs);
process.stdout.write(`${JSON.stringify({ traceID: ours.traceID, hoptraceSpans: ours.spans.length, jaegerSpans: theirs.spans.length, differences }, null, 2)}\n`);
