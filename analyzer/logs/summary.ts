/**
 * A readable account of log-built flows, before any analyzer sees them: how many requests, which
 * spanned several services, what they did and how long they took. `hoptrace logs ingest` prints it.
 */
import { SpanKind } from '../../core/span.js';
import type { BuiltFlow } from './flow-spans.js';

export interface FlowSummary {
  readonly id: string;
  readonly operation: string;
  /** Services in order of first appearance. */
  readonly services: readonly string[];
  readonly startUs: number;
  readonly durationUs: number;
  readonly spans: number;
  /** The root request, `METHOD route`, when an access line started the flow. */
  readonly request: string | undefined;
}

export interface LogSummary {
  readonly flows: number;
  readonly multiServiceFlows: number;
  /** Count of multi-service flows per operation ('' = unknown). */
  readonly operations: Readonly<Record<string, number>>;
  /** The flows spanning more than one service, in time order. */
  readonly multiService: readonly FlowSummary[];
}

export function summarizeFlow(flow: BuiltFlow): FlowSummary {
  const services: string[] = [];
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of flow.spans) {
    if (!services.includes(span.resource.serviceName)) services.push(span.resource.serviceName);
    start = Math.min(start, span.startUs);
    end = Math.max(end, span.endUs);
  }
  const root = flow.spans.find((s) => s.kind === SpanKind.SERVER && s.parentSpanId === '');
  return { id: flow.key, operation: flow.operation, services, startUs: start, durationUs: end - start, spans: flow.spans.length, request: root?.name };
}

export function summarizeFlows(flows: Iterable<BuiltFlow>): LogSummary {
  let count = 0;
  const multiService: FlowSummary[] = [];
  const operations: Record<string, number> = {};
  for (const flow of flows) {
    count++;
    const summary = summarizeFlow(flow);
    if (summary.services.length < 2) continue;
    multiService.push(summary);
    operations[summary.operation] = (operations[summary.operation] ?? 0) + 1;
  }
  multiService.sort((a, b) => a.startUs - b.startUs);
  return { flows: count, multiServiceFlows: multiService.length, operations, multiService };
}
