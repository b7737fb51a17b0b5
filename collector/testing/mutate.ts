/** Deterministic mutations of payloads, for fuzz and equivalence tests that must replay exactly. */

/** A deterministic PRNG (mulberry32) in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One mutation of `base` (never changed in place): 1–4 byte flips, inserts, deletes, duplications or a truncation. */
export function mutateBytes(base: Buffer, rand: () => number): Buffer {
  let bytes = base;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits && bytes.length > 0; e++) {
    const at = Math.floor(rand() * bytes.length);
    const op = Math.floor(rand() * 5);
    const head = bytes.subarray(0, at);
    const tail = bytes.subarray(at);
    if (op === 0) {
      bytes = Buffer.from(bytes);
      bytes[at] = Math.floor(rand() * 256);
    } else if (op === 1) bytes = Buffer.concat([head, Buffer.of(Math.floor(rand() * 256)), tail]);
    else if (op === 2) bytes = Buffer.concat([head, tail.subarray(1 + Math.floor(rand() * 8))]);
    else if (op === 3) bytes = Buffer.concat([head, tail.subarray(0, 1 + Math.floor(rand() * 32)), tail]);
    else bytes = head;
  }
  return bytes;
}
