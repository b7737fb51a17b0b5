import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainThreadCpuUs, writtenBytes } from './proc-io.js';

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

describe('mainThreadCpuUs', () => {
  it.runIf(process.platform === 'linux')('grows by the CPU the main thread spends, and not by a worker thread’s', async () => {
    const processCpuUs = (): number => process.cpuUsage().user + process.cpuUsage().system;
    const [mainBefore, processBefore] = [mainThreadCpuUs()!, processCpuUs()];
    while (processCpuUs() - processBefore < 300_000);
    const [main, all] = [mainThreadCpuUs()! - mainBefore, processCpuUs() - processBefore];
    expect(main).toBeGreaterThanOrEqual(all / 2);
    expect(main).toBeLessThanOrEqual(all + 20_000);
    const { Worker } = await import('node:worker_threads');
    const idle = mainThreadCpuUs()!;
    const worker = new Worker('const until = performance.now() + 400; while (performance.now() < until);', { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(mainThreadCpuUs()! - idle).toBeLessThan(200_000);
  });
});
