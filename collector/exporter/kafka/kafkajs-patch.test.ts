import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const CRC32C_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C';

interface Encoder {
  readonly buffer: Buffer;
}
interface DecodedBatch {
  readonly records: { key: Buffer; value: Buffer; offset: string }[];
}
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (batch: object) => Promise<Encoder> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => Encoder;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<DecodedBatch>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromInt(n: number): unknown };
const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (request: object) => object;
const frameRequest = require('kafkajs/src/protocol/request.js') as (request: object) => Promise<Encoder>;

/**
 * `npm ci` applies patches/kafkajs+2.2.4.patch (postinstall: patch-package). Without it every
 * record batch is checksummed by kafkajs's pure-JS CRC32C and copied through several growing
 * buffers, about a tenth of the Kafka path's CPU. The real-broker suites (test/kafka-*.test.ts)
 * show the broker accepts what the patched kafkajs writes; these pin the pieces.
 */
describe('kafkajs as patched at install', () => {
  it('checksums record batches with the native CRC32C of @node-rs/crc32', () => {
    expect(readFileSync(require.resolve(CRC32C_MODULE), 'utf8')).toContain("require('@node-rs/crc32').crc32c");
    const crc = require(CRC32C_MODULE) as (buffer: Buffer) => number;
    // The CRC-32C check value (RFC 3720, appendix B.4) and an empty input.
    expect(crc(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc(Buffer.alloc(0))).toBe(0);
  });

  it('writes a record batch with its length and CRC in place, readable by kafkajs decoder', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => ({ key: `req-${i}`, value: Buffer.alloc(100 + i * 300, i) }));
    const records = messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: i * 1000 }));
    const batch = (await RecordBatch({ records, firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_049_000, producerId: Long.fromInt(7), producerEpoch: 1, firstSequence: 3, lastOffsetDelta: 49 })).buffer;
    // FirstOffset int64, Length int32 (bytes after it), epoch int32, magic int8, CRC uint32 over the rest.
    expect(batch.readInt32BE(8)).toBe(batch.length - 12);
    expect(batch.readInt8(16)).toBe(2);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.records.map((r) => [r.key.toString(), r.value.length, r.offset])).toEqual(messages.map((m, i) => [m.key, m.value.length, String(i)]));
    expect(decoded.records.every((r, i) => r.value.equals(messages[i]!.value))).toBe(true);
  });

  it('frames a produce request byte for byte as kafkajs 2.2.4 does unpatched', async () => {
    const topicData = [0, 1].map((t) => ({
      topic: `otlp_spans_${t}`,
      partitions: [0, 1, 2, 3].map((p) => ({
        partition: p,
        firstSequence: p,
        messages: Array.from({ length: 5 + p }, (_, i) => ({ key: `req-${t}${p}${i}-é`, value: Buffer.alloc(1000 * i + 7, p), timestamp: 1_700_000_000_000 + i * 1000 - 3, headers: i === 2 ? { h: 'v' } : undefined })),
      })),
    }));
    const request = produceV3({ acks: -1, timeout: 3000, transactionalId: null, producerId: Long.fromInt(3), producerEpoch: 0, topicData });
    const framed = (await frameRequest({ correlationId: 9, clientId: 'hoptrace-collector', request })).buffer;
    // Digest of the same request framed by unpatched kafkajs 2.2.4.
    expect(framed.length).toBe(150_044);
    expect(createHash('sha256').update(framed).digest('hex')).toBe('0ce1f652e4f216c941987a47c110b78e819eff0803be591a14806d258cbb1df5');
  });
});
