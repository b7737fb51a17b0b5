import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Attr } from '../core/attributes.js';
import { captureSdkBody, makeSdkSpans } from '../collector/testing/otel.js';
import type { BodyIds } from './unique-ids.js';

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
  /** The ids in each variant (the same for both encodings), for the load generator to renew. */
  readonly ids: readonly BodyIds[];
}

/** Builds `variants` bodies of each encoding, each 10 flows × (spansPerRequest / 10) spans. */
export async function buildPayloads(shape: PayloadShape): Promise<Payloads> {
  const json: Buffer[] = [];
  const protobuf: Buffer[] = [];
  const ids: BodyIds[] = [];
  const flowsPerRequest = 10;
  for (let v = 0; v < shape.variants; v++) {
    const spans: ReadableSpan[] = [];
    for (let f = 0; f < flowsPerRequest; f++) {
      spans.push(...makeSdkSpans({ spans: shape.spansPerRequest / flowsPerRequest, extraAttributes: shape.attributesPerSpan - BASE_ATTRIBUTES }));
    }
    json.push(await captureSdkBody('json', spans));
    protobuf.push(await captureSdkBody('protobuf', spans));
    ids.push(idsOf(spans));
  }
  return { json, protobuf, spansPerRequest: shape.spansPerRequest, attributesPerSpan: shape.attributesPerSpan, ids };
}

/**
 * Writes each body of `encoding` into `dir` with its ids beside it (`<file>.ids.json`, which
 * loadgen.ts reads to give every request new ids); returns the body files in variant order.
 */
export function writeBodyFiles(dir: string, payloads: Payloads, encoding: 'json' | 'protobuf'): string[] {
  return payloads[encoding].map((body, i) => {
    const file = join(dir, `${encoding}-${i}`);
    writeFileSync(file, body);
    writeFileSync(`${file}.ids.json`, JSON.stringify(payloads.ids[i]));
    return file;
  });
}

function idsOf(spans: readonly ReadableSpan[]): BodyIds {
  const hexIds = new Set<string>();
  const requestIds = new Set<string>();
  for (const span of spans) {
    hexIds.add(span.spanContext().traceId);
    hexIds.add(span.spanContext().spanId);
    const requestId = span.attributes[Attr.requestId];
    if (typeof requestId === 'string') requestIds.add(requestId);
  }
  return { hexIds: [...hexIds], requestIds: [...requestIds] };
}
