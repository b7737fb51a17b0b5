/**
 * Hands built flows to the next stage in batches, keeping a flow's spans together. A
 * RetryableError is retried with backoff (the stage's hint first); a PermanentError is counted in
 * `spansRefused` and the ingest goes on; anything else is treated as retryable.
 */
import { Attr } from '../../core/attributes.js';
import type { SpanConsumer } from '../../core/consumer.js';
import { isPermanentError, isRetryableError } from '../../core/errors.js';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { BuiltFlow } from './flow-spans.js';
import type { IngestStats } from './stats.js';

export interface EmitterOptions {
  /**
   * Spans per batch; a flow larger than this goes alone.
   * @default 2000
   */
  readonly batchSize?: number;
  /**
   * Attempts per batch before the ingest gives up and rejects.
   * @default 5
   */
  readonly maxAttempts?: number;
  /** Called with each flow once it has been handed on (summaries, progress). */
  readonly onFlow?: (flow: BuiltFlow) => void;
}

const FIRST_BACKOFF_MS = 100;
/** Span ids remembered to skip re-emitting them in tail mode; the oldest are forgotten first. */
const MAX_REMEMBERED = 1_000_000;

export class SpanEmitter {
  readonly #next: SpanConsumer;
  readonly #stats: IngestStats;
  readonly #batchSize: number;
  readonly #maxAttempts: number;
  readonly #onFlow: ((flow: BuiltFlow) => void) | undefined;
  readonly #emitted: Set<string> | undefined;
  #batch: Span[] = [];
  #batchFlows: BuiltFlow[] = [];

  /** With `onlyNew`, spans already handed on (same trace and span id) are not sent again. */
  constructor(next: SpanConsumer, stats: IngestStats, options: EmitterOptions = {}, onlyNew = false) {
    this.#next = next;
    this.#stats = stats;
    this.#batchSize = options.batchSize ?? 2000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#onFlow = options.onFlow;
    this.#emitted = onlyNew ? new Set() : undefined;
  }

  async add(flow: BuiltFlow): Promise<void> {
    const spans = this.#emitted === undefined ? flow.spans : flow.spans.filter((s) => this.#remember(s));
    if (spans.length === 0) return;
    if (this.#batch.length > 0 && this.#batch.length + spans.length > this.#batchSize) await this.flush();
    this.#batch.push(...spans);
    this.#batchFlows.push(flow);
    this.#stats.flows++;
    if (new Set(flow.spans.map((s) => s.resource.serviceName)).size > 1) this.#stats.multiServiceFlows++;
    this.#stats.inferredHops += spans.filter((s) => s.attributes[Attr.inferred] === true && (s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER)).length;
    if (this.#batch.length >= this.#batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    const flows = this.#batchFlows;
    this.#batch = [];
    this.#batchFlows = [];
    if (await this.#send(batch)) this.#stats.spans += batch.length;
    else this.#stats.spansRefused += batch.length;
    if (this.#onFlow !== undefined) for (const flow of flows) this.#onFlow(flow);
  }

  /** true when accepted, false when refused for good; rejects after `maxAttempts` retryable failures. */
  async #send(batch: readonly Span[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#next.consume(batch);
        return true;
      } catch (error) {
        if (isPermanentError(error)) {
          this.#stats.errors.push(`next stage refused ${batch.length} spans: ${error.message}`);
          return false;
        }
        if (attempt >= this.#maxAttempts) throw error;
        const hint = isRetryableError(error) ? error.retryAfterMs : undefined;
        await new Promise((resolve) => setTimeout(resolve, hint ?? FIRST_BACKOFF_MS * 2 ** (attempt - 1)));
      }
    }
  }

  #remember(span: Span): boolean {
    const key = `${span.traceId}/${span.spanId}`;
    const emitted = this.#emitted!;
    if (emitted.has(key)) return false;
    emitted.add(key);
    if (emitted.size > MAX_REMEMBERED) emitted.delete(emitted.values().next().value!);
    return true;
  }
}
