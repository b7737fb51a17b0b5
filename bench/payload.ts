import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Attr } from '../core/attributes.js';
import { captureSdkBody, makeSdkSpans } from '../collector/testing/otel.js';
import type { BodyFields } from './fresh-requests.js';

/** The benchmark's request shape: OTLP bodies made by the OpenTelemetry JS SDK's own exporters. */
export interface PayloadShape {
  readonly spansPerRequest: number;
  readonly attributesPerSpan: number;
  /** Distinct bodies to rotate through (different ids and request ids). */
  readonly variants: number;
}

export const DEFAULT_SHAPE: PayloadShape = { spansPerRequest: 100, attributesPerSpan: 20, variants: 8 };

/** OpenStack attributes the SDK span maker sets on every child span besides the extra ones. */
const BASE_ATTRIBUTES = 6;

export interface Payloads {
  readonly json: Buffer[];
  readonly protobuf: Buffer[];
  readonly spansPerRequest: number;
  /** Attributes on the non-root spans (the root carries two fewer). */
  readonly attributesPerSpan: number;
  /** The ids and times in each variant (the same for both encodings), for the load generator to renew. */
  readonly fields: readonly BodyFields[];
}

/** Builds `variants` bodies of each encoding, each 10 flows × (spansPerRequest / 10) spans. */
export async function buildPayloads(shape: PayloadShape): Promise<Payloads> {
  const json: Buffer[] = [];
  const protobuf: Buffer[] = [];
  const fields: BodyFields[] = [];
  const flowsPerRequest = 10;
  for (let v = 0; v < shape.variants; v++) {
    const spans: ReadableSpan[] = [];
    for (let f = 0; f < flowsPerRequest; f++) {
      spans.push(...makeSdkSpans({ spans: shape.spansPerRequest / flowsPerRequest, extraAttributes: shape.attributesPerSpan - BASE_ATTRIBUTES }));
    }
    json.push(await captureSdkBody('json', spans));
    protobuf.push(await captureSdkBody('protobuf', spans));
    fields.push(fieldsOf(spans));
  }
  return { json, protobuf, spansPerRequest: shape.spansPerRequest, attributesPerSpan: shape.attributesPerSpan, fields };
}

/**
 * Writes each body of `encoding` into `dir` with its ids and times beside it
 * (`<file>.fields.json`, which loadgen.ts reads to make every request a new one:
 * fresh-requests.ts); returns the body files in variant order.
 */
export function writeBodyFiles(dir: string, payloads: Payloads, encoding: 'json' | 'protobuf'): string[] {
  return payloads[encoding].map((body, i) => {
    const file = join(dir, `${encoding}-${i}`);
    writeFileSync(file, body);
    writeFileSync(`${file}.fields.json`, JSON.stringify(payloads.fields[i]));
    return file;
  });
}

/** Nanoseconds since the epoch of an SDK time, as a decimal string. */
function nanos([seconds, ns]: HrTime): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(ns)).toString();
}

function fieldsOf(spans: readonly ReadableSpan[]): BodyFields {
  const hexIds = new Set<string>();
  const requestIds = new Set<string>();
  const timesNs = new Set<string>();
  for (const span of spans) {
    hexIds.add(span.spanContext().traceId);
    hexIds.add(span.spanContext().spanId);
    const requestId = span.attributes[Attr.requestId];
    if (typeof requestId === 'string') requestIds.add(requestId);
    for (const time of [span.startTime, span.endTime, ...span.events.map((e) => e.time)]) timesNs.add(nanos(time));
  }
  return { hexIds: [...hexIds], requestIds: [...requestIds], timesNs: [...timesNs] };
}
