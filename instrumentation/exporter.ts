import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** What the exporter has done so far; counts only grow. */
export interface ExportStats {
  /** Spans handed to the endpoint successfully. */
  readonly exportedSpans: number;
  /** Export attempts that failed (after the OTLP exporter's own retries). */
  readonly failedExports: number;
  /** Spans in those failed exports: lost. */
  readonly failedSpans: number;
}

/**
 * The one exporter every component's batch processor of a Tracing shares. It sends every failure
 * to one handler (never throws into the host), counts what it exported and lost, and ignores
 * the processors' individual shutdowns: the Tracing closes the real exporter once, after every
 * processor has flushed.
 */
export class SharedExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #onError: (error: Error) => void;
  #exportedSpans = 0;
  #failedExports = 0;
  #failedSpans = 0;

  constructor(inner: SpanExporter, onError: (error: Error) => void) {
    this.#inner = inner;
    this.#onError = onError;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const done = (result: ExportResult): void => {
      if (result.code === ExportResultCode.SUCCESS) this.#exportedSpans += spans.length;
      else this.#fail(spans.length, result.error ?? new Error(`export of ${spans.length} spans failed`));
      resultCallback(result);
    };
    try {
      this.#inner.export(spans, done);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** A processor's shutdown: nothing to do, the Tracing owns the real exporter. */
  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {
    await this.#inner.forceFlush?.();
  }

  /** Shuts the real exporter down; called once by the Tracing. */
  async close(): Promise<void> {
    try {
      await this.#inner.shutdown();
    } catch (error) {
      this.#report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  get stats(): ExportStats {
    return { exportedSpans: this.#exportedSpans, failedExports: this.#failedExports, failedSpans: this.#failedSpans };
  }

  #fail(spanCount: number, error: Error): void {
    this.#failedExports += 1;
    this.#failedSpans += spanCount;
    this.#report(error);
  }

  #report(error: Error): void {
    try {
      this.#onError(error);
    } catch {
      // The handler is the host's; a throwing handler must not break export either.
    }
  }
}
