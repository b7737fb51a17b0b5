/** The `otlp-http` exporter: forwards batches to another OTLP/HTTP endpoint (e.g. a Jaeger collector). */
export interface OtlpHttpExporterConfig {
  readonly type: 'otlp-http';
  /** The full traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. Required. */
  readonly endpoint: string;
  /** Body encoding. @default 'protobuf' */
  readonly encoding: 'protobuf' | 'json';
  /** Per-request timeout, in milliseconds. Minimum 1. @default 10000 */
  readonly timeoutMs: number;
}

export const OTLP_HTTP_DEFAULTS: Omit<OtlpHttpExporterConfig, 'type' | 'endpoint'> = {
  encoding: 'protobuf',
  timeoutMs: 10_000,
};
