/**
 * Preloaded into a child benchmark by `npm run bench -- --alloc` (bench/run.ts): while
 * HOPTRACE_BENCH_ALLOC_DIR names a directory, samples the thread's allocations with V8's
 * sampling heap profiler (one sample per ALLOC_SAMPLE_BYTES allocated, on average) and keeps the
 * samples of objects the collector has freed since, so the profile counts every byte allocated,
 * not what is still alive. When the thread exits it writes `<pid>-<thread id>.heapprofile`
 * there, which profile-layers.ts charges to hoptrace's layers: the main thread's always; a
 * worker thread that is terminated (the store's writer thread) writes none. Sampling costs the
 * child some speed: its rates are not comparable with an unsampled run's. Without the variable
 * (or with it empty) it does nothing.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Mean bytes between two samples: fine enough for shares of a few per cent over a benchmark's gigabytes. */
export const ALLOC_SAMPLE_BYTES = 32 * 1024;

const dir = process.env.HOPTRACE_BENCH_ALLOC_DIR;
if (dir !== undefined && dir !== '') {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', { samplingInterval: ALLOC_SAMPLE_BYTES, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  // A session in the thread itself answers synchronously, so the profile is written before the thread goes.
  process.on('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error === null) writeFileSync(join(dir, `${process.pid}-${threadId}.heapprofile`), JSON.stringify(result.profile));
      else process.stderr.write(`alloc-sampling: ${error.message}\n`);
    });
  });
}
