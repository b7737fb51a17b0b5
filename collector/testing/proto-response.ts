import { ProtoReader } from '../otlp/proto-reader.js';

/** Decodes the protobuf answers of the receiver, for tests: ExportTraceServiceResponse and google.rpc.Status. */
export function readPartialSuccess(body: Uint8Array): { rejectedSpans: number; errorMessage: string } | undefined {
  const r = new ProtoReader(body);
  let result: { rejectedSpans: number; errorMessage: string } | undefined;
  while (r.pos < body.length) {
    const tag = r.uint32();
    if (tag >>> 3 !== 1) {
      r.skip(tag & 7);
      continue;
    }
    const end = r.lengthEnd();
    result = { rejectedSpans: 0, errorMessage: '' };
    while (r.pos < end) {
      const t = r.uint32();
      if (t >>> 3 === 1) result.rejectedSpans = r.int64();
      else if (t >>> 3 === 2) result.errorMessage = r.string();
      else r.skip(t & 7);
    }
  }
  return result;
}

export interface DecodedStatus {
  code: number;
  message: string;
  detailTypes: string[];
}

export function readStatus(body: Uint8Array): DecodedStatus {
  const r = new ProtoReader(body);
  const status: DecodedStatus = { code: 0, message: '', detailTypes: [] };
  while (r.pos < body.length) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1) status.code = r.uint32();
    else if (field === 2) status.message = r.string();
    else if (field === 3) {
      const end = r.lengthEnd();
      while (r.pos < end) {
        const t = r.uint32();
        if (t >>> 3 === 1) status.detailTypes.push(r.string());
        else r.skip(t & 7);
      }
    } else r.skip(tag & 7);
  }
  return status;
}
