import { SpanKind } from '../../core/span.js';

const NAMES: Readonly<Record<number, string>> = {
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
  [SpanKind.INTERNAL]: 'internal',
};

/** Jaeger's word for an OTLP span kind (tracing.md §5.5); '' for UNSPECIFIED. */
export function spanKindName(kind: number): string {
  return NAMES[kind] ?? '';
}
