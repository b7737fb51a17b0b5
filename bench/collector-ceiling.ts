import { decodeJsonRequest } from '../collector/otlp/decode-json.js';
import { decodeJsonBody } from '../collector/otlp/decode-json-bytes.js';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { flowKeyFrom, normalise } from '../collector/processor/normalise.js';
import { ExportTraceServiceRequest } from './otlp-trace-proto.js';

/** A decode loop's rate two ways: per wall-clock second, and per second of this process's CPU. */
export interface Rate {
  readonly spansPerS: number;
  readonly spansPerCpuS: number;
}

/** Runs `decode` over `bodies` for about `ms` milliseconds on this thread and reports its rate. */
export function decodeRate(bodies: readonly Buffer[], spansPerBody: number, ms: number, decode: (body: Buffer) => unknown): Rate {
  for (let i = 0; i < 20; i++) decode(bodies[i % bodies.length]!);
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < 10; k++) decode(bodies[n++ % bodies.length]!);
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  const spans = n * spansPerBody;
  return { spansPerS: Math.round((spans * 1000) / (now - start)), spansPerCpuS: Math.round(spans / ((used.user + used.system) / 1e6)) };
}

export interface Ceilings {
  /** `JSON.parse(body.toString())`: the runtime's floor cost of OTLP/JSON. */
  readonly jsonParse: Rate;
  /** protobufjs `decode` with the OTLP .proto: a generic protobuf decoder. */
  readonly protobufjsDecode: Rate;
  /** hoptrace's decoders into the Span model (flow key included), then validation. */
  readonly hoptraceJsonDecode: Rate;
  readonly hoptraceProtoDecode: Rate;
  /**
   * The same, as the in-process collector decodes (attribute maps built on first read, JSON read
   * from the bytes), then validation; the attribute maps are not read.
   */
  readonly hoptraceJsonDecodeInProcess: Rate;
  readonly hoptraceProtoDecodeInProcess: Rate;
}

export function measureCeilings(json: readonly Buffer[], proto: readonly Buffer[], spansPerBody: number, ms: number): Ceilings {
  return {
    jsonParse: decodeRate(json, spansPerBody, ms, (b) => JSON.parse(b.toString('utf8'))),
    protobufjsDecode: decodeRate(proto, spansPerBody, ms, (b) => ExportTraceServiceRequest.decode(b)),
    hoptraceJsonDecode: decodeRate(json, spansPerBody, ms, (b) => normalise(decodeJsonRequest(b.toString('utf8'), flowKeyFrom))),
    hoptraceProtoDecode: decodeRate(proto, spansPerBody, ms, (b) => normalise(decodeProtoRequest(b, { keyOf: flowKeyFrom }))),
    hoptraceJsonDecodeInProcess: decodeRate(json, spansPerBody, ms, (b) => normalise(decodeJsonBody(b, flowKeyFrom, { lazyAttributes: true }))),
    hoptraceProtoDecodeInProcess: decodeRate(proto, spansPerBody, ms, (b) => normalise(decodeProtoRequest(b, { keyOf: flowKeyFrom, lazyAttributes: true }))),
  };
}
