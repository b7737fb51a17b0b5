import { decodeUtf8 } from './proto-reader.js';

/** Decodes `buf[start, end)` to a string. */
export type KeyDecoder = (buf: Uint8Array, start: number, end: number) => string;

const SLOTS = 4096;
const MAX_KEY_BYTES = 64;

/**
 * Attribute keys decoded once and reused. Telemetry repeats a small set of keys millions of
 * times; decoding each occurrence allocates a new string (one per character for short keys) that
 * must then be hashed again for every map built with it. A key's bytes are hashed (FNV-1a) into a
 * fixed table of SLOTS entries, each remembering one key's bytes (copied) and string: a hit costs
 * a byte comparison and returns a string whose hash V8 has already cached.
 *
 * Bounded: SLOTS entries of keys up to MAX_KEY_BYTES; longer keys are decoded every time, and a
 * colliding key replaces the slot. The result is always exactly `decode`'s.
 */
export function keyCache(decode: KeyDecoder): KeyDecoder {
  const slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
  const slotKeys: string[] = new Array<string>(SLOTS).fill('');
  return (buf, start, end) => {
    const n = end - start;
    if (n > MAX_KEY_BYTES) return decode(buf, start, end);
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    const slot = (hash >>> 0) & (SLOTS - 1);
    const known = slotBytes[slot];
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (known[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return slotKeys[slot]!;
    }
    const key = decode(buf, start, end);
    // A copy: the body the key came from may be reused once the request is answered.
    slotBytes[slot] = Uint8Array.prototype.slice.call(buf, start, end);
    slotKeys[slot] = key;
    return key;
  };
}

/** Protobuf attribute keys, decoded as ProtoReader.string() decodes them. */
export const decodeProtoKey: KeyDecoder = keyCache(decodeUtf8);

/**
 * Protobuf span names, decoded as ProtoReader.string() decodes them. A service names its spans
 * after its operations, a few hundred at most: one string each, instead of one per span held
 * for the flow's life (a colliding or long name is decoded anew, as a key is).
 */
export const decodeProtoName: KeyDecoder = keyCache(decodeUtf8);
