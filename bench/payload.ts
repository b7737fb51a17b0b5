import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { captureSdkBody, makeSdkSpans } from '../collector/testing/otel.js';

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
}

/** Builds `variants` bodies of each encoding, each 10 flows × (spansPerRequest / 10) spans. */
export async function buildPayloads(shape: PayloadShape): Promise<Payloads> {
  const json: Buffer[] = [];
  const protobuf: Buffer[] = [];
  const flowsPerRequest = 10;
  for (let v = 0; v < shape.variants; v++) {
    const spans: ReadableSpan[] = [];
    for (let f = 0; f < flowsPerRequest; f++) {
      spans.push(...makeSdkSpans({ spans: shape.spansPerRequest / flowsPerRequest, extraAttributes: shape.attributesPerSpan - BASE_ATTRIBUTES }));
    }
    json.push(await captureSdkBody('json', spans));
    protobuf.push(await captureSdkBody('protobuf', spans));
  }
  return { json, protobuf, spansPerRequest: shape.spansPerRequest, attributesPerSpan: shape.attributesPerSpan };
}
