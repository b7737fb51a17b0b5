import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const CRC32C_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C';

/**
 * `npm ci` applies patches/kafkajs+2.2.4.patch (postinstall: patch-package). Without it every
 * record batch is checksummed by kafkajs's pure-JS CRC32C, about 6 % of the Kafka path's CPU.
 */
describe('kafkajs as patched at install', () => {
  it('checksums record batches with the native CRC32C of @node-rs/crc32', () => {
    expect(readFileSync(require.resolve(CRC32C_MODULE), 'utf8')).toContain("require('@node-rs/crc32').crc32c");
    const crc32c = require(CRC32C_MODULE) as (buffer: Buffer) => number;
    // The CRC-32C check value (RFC 3720, appendix B.4) and an empty input.
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });
});
