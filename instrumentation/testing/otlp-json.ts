/**
 * A deliberately small reader of OTLP/JSON `ExportTraceServiceRequest` bodies, so shim tests can
 * check the real bytes the OpenTelemetry exporter sent without depending on the collector's
 * decoder. It flattens each span with its resource's attributes; values keep their JSON-mapping
 * types except that `intValue` strings become numbers.
 */
export interface ReceivedSpan {
  readonly service: string;
  readonly resource: Readonly<Record<string, unknown>>;
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind number: 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  readonly kind: number;
  readonly statusCode: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly links: readonly { traceId: string; spanId: string }[];
  readonly events: readonly { name: string; attributes: Readonly<Record<string, unknown>> }[];
  readonly startNanos: bigint;
}

type Json = Record<string, unknown>;

export function readOtlpJson(body: string): ReceivedSpan[] {
  const request = JSON.parse(body) as { resourceSpans?: Json[] };
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = flatten((resourceSpans['resource'] as Json | undefined)?.['attributes']);
    for (const scopeSpans of (resourceSpans['scopeSpans'] as Json[] | undefined) ?? []) {
      for (const span of (scopeSpans['spans'] as Json[] | undefined) ?? []) spans.push(toSpan(span, resource));
    }
  }
  return spans;
}

function toSpan(span: Json, resource: Record<string, unknown>): ReceivedSpan {
  const links = ((span['links'] as Json[] | undefined) ?? []).map((l) => ({ traceId: hex(l['traceId']), spanId: hex(l['spanId']) }));
  return {
    service: String(resource['service.name'] ?? ''),
    resource,
    traceId: hex(span['traceId']),
    spanId: hex(span['spanId']),
    parentSpanId: hex(span['parentSpanId']),
    name: String(span['name']),
    kind: Number(span['kind'] ?? 0),
    statusCode: Number((span['status'] as Json | undefined)?.['code'] ?? 0),
    attributes: flatten(span['attributes']),
    links,
    events: ((span['events'] as Json[] | undefined) ?? []).map((e) => ({ name: String(e['name']), attributes: flatten(e['attributes']) })),
    startNanos: BigInt(String(span['startTimeUnixNano'] ?? '0')),
  };
}

function hex(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

function flatten(attributes: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of (attributes as { key: string; value: Json }[] | undefined) ?? []) out[kv.key] = valueOf(kv.value);
  return out;
}

function valueOf(value: Json | undefined): unknown {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value['stringValue'];
  if ('boolValue' in value) return value['boolValue'];
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return value['doubleValue'];
  if ('arrayValue' in value) return ((value['arrayValue'] as { values?: Json[] }).values ?? []).map(valueOf);
  return undefined;
}
