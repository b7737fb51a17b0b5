/**
 * Buffer's own slice decoders: what `toString(encoding, start, end)` calls after checking its
 * arguments. The decoders call them directly on ranges they have bounds-checked themselves;
 * they also accept any Uint8Array, Buffer or not.
 */
export interface BufferSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/** `bytes` seen through Buffer's slice decoders. */
export function slicesOf(bytes: Uint8Array): BufferSlices {
  return bytes as unknown as BufferSlices;
}
