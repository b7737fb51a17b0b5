import { PermanentError, RetryableError } from '../../../core/errors.js';
import type { Span } from '../../../core/span.js';
import { encodeJsonRequest } from '../../otlp/encode-json.js';
import { encodeProtoRequest } from '../../otlp/encode-proto.js';
import { CONTENT_TYPE } from '../../otlp/response.js';
import type { Exporter } from '../exporter.js';
import type { OtlpHttpExporterConfig } from './config.js';

/** OTLP says only these answers invite a retry. */
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Forwards each batch as one OTLP/HTTP export. 2xx resolves; 429/502/503/504 and network
 * failures reject with RetryableError (carrying Retry-After); any other status is permanent.
 */
export class OtlpHttpExporter implements Exporter {
  readonly #config: OtlpHttpExporterConfig;
  #stopped = false;

  constructor(config: OtlpHttpExporterConfig) {
    this.#config = config;
  }

  async start(): Promise<void> {}

  ready(): boolean {
    return !this.#stopped;
  }

  async consume(spans: readonly Span[]): Promise<void> {
    const { endpoint, encoding, timeoutMs } = this.#config;
    const body = encoding === 'protobuf' ? encodeProtoRequest(spans) : encodeJsonRequest(spans);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE[encoding] },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new RetryableError(`POST ${endpoint} failed: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (response.ok) return;
    const message = `POST ${endpoint} answered ${response.status}: ${text.slice(0, 200)}`;
    if (RETRYABLE.has(response.status)) throw new RetryableError(message, { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
    throw new PermanentError(message);
  }

  async shutdown(): Promise<void> {
    this.#stopped = true;
  }
}

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
