import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`) of `data[0, length)`, as a
 * signed 32-bit integer: the hash the Java client and kafkajs's default partitioner use for keys.
 * 32-bit arithmetic with Math.imul; kafkajs's own version builds Long objects at every step.
 */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ data[whole]!, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Room for a key's UTF-8 bytes; grown for a longer key. */
let scratch = new Uint8Array(256);
const utf8 = new TextEncoder();

/** The UTF-8 bytes of `key` in `scratch`; returns their count. Request ids are ASCII: copied in a loop. */
function keyBytes(key: string): number {
  if (key.length * 3 > scratch.length) scratch = new Uint8Array(key.length * 3);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x80) return utf8.encodeInto(key, scratch).written;
    scratch[i] = c;
  }
  return key.length;
}

/** The partition of a record key, as the Java client picks it: positive murmur2 modulo the partition count. */
export function partitionOf(key: string | Buffer, partitions: number): number {
  const hash = typeof key === 'string' ? murmur2(scratch, keyBytes(key)) : murmur2(key);
  return (hash & 0x7fffffff) % partitions;
}

/**
 * kafkajs's DefaultPartitioner for keyed records (the flow key): the same partition for the
 * same key, computed without its per-record Long arithmetic and metadata filtering. Records
 * with an explicit partition keep it; a keyless record (the exporter writes none) goes to
 * partition 0.
 */
export const flowKeyPartitioner: ICustomPartitioner = () => ({ partitionMetadata, message }) => {
  if (message.partition !== undefined && message.partition !== null) return message.partition;
  if (message.key === undefined || message.key === null) return 0;
  return partitionOf(message.key, partitionMetadata.length);
};
