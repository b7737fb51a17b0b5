import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writtenBytes } from './proc-io.js';

describe('writtenBytes', () => {
  it.runIf(process.platform === 'linux')('counts the bytes this process writes to a file', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'hoptrace-proc-io-'));
    try {
      const before = writtenBytes()!;
      writeFileSync(join(dir, 'data'), Buffer.alloc(1 << 20));
      expect(writtenBytes()! - before).toBeGreaterThanOrEqual(1 << 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
