/**
 * `tailLogFiles`: follow growing log files (and new files appearing in followed folders) until the
 * signal aborts, emitting each flow once it has been quiet for `quietMs`. A flow that grows again
 * later is emitted again, but only its new spans (ids are deterministic, so "new" is exact).
 */
import { stat } from 'node:fs/promises';
import type { SpanConsumer } from '../../core/consumer.js';
import type { AssemblerOptions } from './assembler.js';
import { SpanEmitter } from './emitter.js';
import type { EmitterOptions } from './emitter.js';
import { expandLogPaths, logFilesIn } from './files.js';
import { LogSpanBuilder } from './flow-spans.js';
import { FileFollower } from './follower.js';
import { LogFlowGrouper } from './group.js';
import { ServiceResolver } from './service-of.js';
import { emptyIngestStats } from './stats.js';
import type { IngestStats } from './stats.js';

export interface TailOptions extends AssemblerOptions, EmitterOptions {
  /** Stops following; the promise resolves after a final read and flush. */
  readonly signal: AbortSignal;
  /** Services by file base name or path; see IngestOptions.services. @default {} */
  readonly services?: Readonly<Record<string, string>>;
  /**
   * Time between polls of every file, in milliseconds; minimum 10.
   * @default 250
   */
  readonly pollMs?: number;
  /**
   * A flow is emitted after no record joined it for this long (wall clock), in milliseconds.
   * @default 2000
   */
  readonly quietMs?: number;
  /**
   * Flows quiet for this long are forgotten (a later record starts a new group with the same
   * key; the analyzer still merges them by request id), in milliseconds.
   * @default 600000 (10 minutes)
   */
  readonly forgetMs?: number;
  /**
   * Read only what is appended after start, like `tail -f`; by default existing content is read first.
   * @default false
   */
  readonly fromEnd?: boolean;
  /** Called after every poll that read something or emitted a flow (progress, tests). */
  readonly onPoll?: (stats: Readonly<IngestStats>) => void;
}

/**
 * Follows `paths` (files, or folders whose log files — present and future — are followed;
 * compressed `.gz` rotations are left to `ingestLogFiles`).
 * Rejects with LogPathError when a path does not exist at start; resolves with the stats once
 * `signal` aborts.
 */
export async function tailLogFiles(paths: readonly string[], next: SpanConsumer, options: TailOptions): Promise<IngestStats> {
  const pollMs = Math.max(10, options.pollMs ?? 250);
  const quietMs = options.quietMs ?? 2000;
  const forgetMs = options.forgetMs ?? 600_000;
  await expandLogPaths(paths); // fail fast on a bad path
  const stats = emptyIngestStats();
  const grouper = new LogFlowGrouper(new ServiceResolver(options.services), true);
  const builder = new LogSpanBuilder();
  const emitter = new SpanEmitter(next, stats, options, true);
  const followers = new Map<string, FileFollower>();
  const onRecord = (record: Parameters<LogFlowGrouper['add']>[0]): void => grouper.add(record, Date.now());

  // A file renamed by rotation (nova-api.log → nova-api.log.1) keeps its inode: its follower
  // already read it, so a "new" name with a known inode is not followed again.
  const knownInodes = new Set<number>();
  const ignored = new Set<string>();
  const discover = async (firstTime: boolean): Promise<void> => {
    for (const follower of followers.values()) if (follower.ino >= 0) knownInodes.add(follower.ino);
    for (const file of await currentFiles(paths)) {
      if (followers.has(file) || ignored.has(file)) continue;
      if (file.endsWith('.gz')) {
        // A compressed rotation is history, not a growing file; `ingestLogFiles` reads those.
        ignored.add(file);
        continue;
      }
      if (!firstTime && knownInodes.has(await inodeOf(file))) {
        ignored.add(file);
        continue;
      }
      followers.set(file, new FileFollower(file, onRecord, options, stats, firstTime && options.fromEnd === true));
      stats.files++;
    }
  };
  const emitSettled = async (now: number, quiet: number): Promise<number> => {
    const flows = grouper.takeSettled(now, quiet, forgetMs);
    for (const flow of flows) await emitter.add(builder.build(flow));
    await emitter.flush();
    return flows.length;
  };
  const pollAll = async (): Promise<number> => {
    let read = 0;
    for (const follower of followers.values()) {
      try {
        const n = await follower.poll();
        if (n === 0) follower.flushPending();
        read += n;
      } catch (error) {
        stats.fileErrors++;
        stats.errors.push(`${follower.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    stats.grouped = grouper.stats.grouped;
    stats.withoutRequestId = grouper.stats.withoutRequestId;
    return read;
  };

  await discover(true);
  while (!options.signal.aborted) {
    const read = await pollAll();
    const emitted = await emitSettled(Date.now(), quietMs);
    if (read > 0 || emitted > 0) options.onPoll?.(stats);
    await sleep(pollMs, options.signal);
    await discover(false);
  }
  await pollAll();
  for (const follower of followers.values()) await follower.close();
  stats.grouped = grouper.stats.grouped;
  await emitSettled(Number.POSITIVE_INFINITY, 0);
  options.onPoll?.(stats);
  return stats;
}

/** The files `paths` name now; folders are listed again on every call (new files are followed). */
async function currentFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    try {
      files.push(...(await logFilesIn(path)));
    } catch {
      files.push(path); // a file (or a path that vanished during rotation): followed by name
    }
  }
  return files;
}

async function inodeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).ino;
  } catch {
    return -1;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
