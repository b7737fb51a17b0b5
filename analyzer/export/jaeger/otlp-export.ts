/**
 * Exports a flow to a real Jaeger (or any OTLP/HTTP receiver) as OTLP/JSON: one POST to
 * `<endpoint>/v1/traces` with the flow's spans rewritten into the flow's one trace id. Expected
 * failures are values: the caller switches on `ok` and `retryable`.
 */
import type { Span } from '../../../core/span.js';
import type { Flow } from '../../../core/flow.js';
import { toOtlpRequest } from './otlp-json.js';
import { flowTraceId } from './trace-id.js';

export type ExportResult =
  | { readonly ok: true; readonly spans: number }
  | { readonly ok: false; readonly retryable: boolean; readonly message: string };

export interface OtlpExportOptions {
  /** Base URL of the OTLP/HTTP receiver, e.g. `http://127.0.0.1:4318`. */
  readonly endpoint: string;
  /** Gives up after this long. @default 10000 */
  readonly timeoutMs?: number;
}

export async function exportFlowOverOtlp(options: OtlpExportOptions, flow: Flow, spans: readonly Span[]): Promise<ExportResult> {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toOtlpRequest(spans, flowTraceId(flow), flow.id)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (response.ok) return { ok: true, spans: spans.length };
    const retryable = response.status === 429 || response.status === 502 || response.status === 503 || response.status === 504;
    return { ok: false, retryable, message: `POST ${url} answered ${response.status}: ${text.slice(0, 200)}` };
  } catch (error) {
    return { ok: false, retryable: true, message: `POST ${url} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
