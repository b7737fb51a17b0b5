import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { flowKeyPartitioner, murmur2, partitionOf } from './partitioner.js';

const metadata = (n: number): PartitionMetadata[] => Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 }));

describe('flowKeyPartitioner', () => {
  it('hashes as Kafka murmur2 does (vectors of the Java client tests)', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key)), key).toBe(hash);
  });

  it('picks the partition kafkajs default partitioner picks, for any key and partition count', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const ours = flowKeyPartitioner();
    const keys = ['req-4f1c2a8e-0000-4000-8000-000000000001', '', 'é-ünïcode-🚀', ...Array.from({ length: 500 }, (_, i) => randomBytes(1 + (i % 70)).toString(i % 2 ? 'hex' : 'latin1'))];
    for (const partitions of [1, 3, 4, 16]) {
      const partitionMetadata = metadata(partitions);
      for (const key of keys) {
        const message = { key, value: null };
        expect(ours({ topic: 't', partitionMetadata, message }), key).toBe(kafkajs({ topic: 't', partitionMetadata, message }));
      }
      const bytes = randomBytes(33);
      expect(partitionOf(bytes, partitions)).toBe(kafkajs({ topic: 't', partitionMetadata, message: { key: bytes, value: null } }));
    }
  });

  it('keeps an explicit partition', () => {
    expect(flowKeyPartitioner()({ topic: 't', partitionMetadata: metadata(4), message: { key: 'k', value: null, partition: 3 } })).toBe(3);
  });
});
