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

/**
 * Builds a LogSummary flow by flow, keeping only the multi-service flows' summaries (at most
 * `keep` of them, the earliest), so following a busy log does not hold every flow in memory.
 */
export class SummaryBuilder {
  readonly #keep: number;
  readonly #seen = new Set<string>();
  readonly #multi = new Map<string, FlowSummary>();
  readonly #operations: Record<string, number> = {};
  readonly #multiKeys = new Set<string>();

  constructor(keep = Number.POSITIVE_INFINITY) {
    this.#keep = keep;
  }

  /** Adds a flow; a flow seen again (tail mode re-emits it whole) replaces its earlier summary. */
  add(flow: BuiltFlow): void {
    this.#seen.add(flow.key);
    const summary = summarizeFlow(flow);
    if (summary.services.length < 2) return;
    if (this.#multiKeys.has(flow.key)) {
      if (this.#multi.has(flow.key)) this.#multi.set(flow.key, summary);
      return;
    }
    this.#multiKeys.add(flow.key);
    this.#operations[summary.operation] = (this.#operations[summary.operation] ?? 0) + 1;
    if (this.#multi.size < this.#keep) this.#multi.set(flow.key, summary);
  }

  result(): LogSummary {
    const multiService = [...this.#multi.values()].sort((a, b) => a.startUs - b.startUs);
    return { flows: this.#seen.size, multiServiceFlows: this.#multiKeys.size, operations: { ...this.#operations }, multiService };
  }
}

export function summarizeFlows(flows: Iterable<BuiltFlow>): LogSummary {
  const builder = new SummaryBuilder();
  for (const flow of flows) builder.add(flow);
  return builder.result();
}
