/**
 * WAL checkpoints off the writer's thread. By default SQLite checkpoints inside the commit that
 * takes the WAL past 1000 pages: that commit copies the WAL back into the database file and
 * syncs it before returning, which held the analyzer's event loop up to ~270 ms under ingest.
 * The store turns that off (`wal_autocheckpoint=0`) and starts this: a worker thread with its
 * own connection (checkpoint-worker.js) runs a PASSIVE checkpoint after commits (`kick`, at most
 * every `minKickMs`) and every `intervalMs`, which never waits for or blocks the writer; once
 * every frame is copied, the writer's next transaction starts the WAL over from its beginning,
 * so it does not grow. It runs a TRUNCATE checkpoint once the WAL file is larger than
 * `maxWalBytes`, so disk use stays bounded even when PASSIVE steps cannot catch up (the writer
 * waits for that one).
 *
 * Durability is unchanged: a commit is in the WAL when `write` returns (synchronous=NORMAL), and
 * an open replays the WAL; checkpoints only move committed pages. If the worker stops on its own
 * (it cannot open the file), `onStopped` is called so the owner can turn automatic checkpoints
 * back on.
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointOptions {
  /** Pause between the worker's PASSIVE checkpoints, in ms (minimum 1). @default 100 */
  readonly intervalMs?: number;
  /**
   * WAL file size past which the worker runs a TRUNCATE checkpoint (it waits for the writer's
   * current transaction, and the writer waits for it: 100-200 ms at saturation on the bench
   * machine). At saturation PASSIVE steps rarely catch up, so the WAL grows until the writer gets
   * a pause to restart it or this bound is reached; 64 MiB was reached 5-6 times in an 8 s run of
   * the embedded pipeline benchmark, 256 MiB once (about 5 % more spans/s, request p99 about
   * 140 → 85 ms). @default 268435456 (256 MiB)
   */
  readonly maxWalBytes?: number;
  /** After a commit, the worker checkpoints at once unless it did less than this long ago, in ms. @default 25 */
  readonly minKickMs?: number;
  /** WAL size past which the writer restarts the WAL once the worker has copied all of it. @default 4194304 (4 MiB) */
  readonly restartWalBytes?: number;
  /** How long the worker's TRUNCATE waits for the writer before trying again next step, in ms. @default 1000 */
  readonly busyTimeoutMs?: number;
}

export interface CheckpointStats {
  readonly passive: number;
  readonly truncated: number;
  /** Checkpoints that could not copy every frame (a transaction was being written meanwhile). */
  readonly unfinished: number;
  readonly errors: number;
  readonly walBytesMax: number;
  /** WAL restarts run by the writer (restartDue). */
  readonly restarts: number;
  /** The longest checkpoint, in ms (on the worker's thread). */
  readonly stepMsMax: number;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 100;
export const DEFAULT_MIN_KICK_MS = 25;
export const DEFAULT_RESTART_WAL_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_WAL_BYTES = 256 * 1024 * 1024;

// Control array slots; keep in step with checkpoint-worker.js.
const STATE = 0;
const DONE = 1;
const COMMITS = 8;
const COMPLETE_AT = 9;
const WAL_KIB = 10;
const SLOTS = 12;
/** How long close() waits for the worker to close its connection. */
const CLOSE_WAIT_MS = 10_000;

export class WalCheckpointer {
  readonly #control = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  readonly #worker: Worker;
  readonly #minKickMs: number;
  readonly #restartWalBytes: number;
  #restarts = 0;
  #lastKickMs = Number.NEGATIVE_INFINITY;
  #closed = false;

  /** Starts checkpointing the WAL of the database file at `path` (which must exist). */
  constructor(path: string, options: CheckpointOptions = {}, onStopped: () => void = () => {}) {
    this.#worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
      // Plain JavaScript: the host's --import/--require preloads (a TypeScript loader, a profiler
      // hook) are not the worker's business, and a preload that needs a loader fails it.
      execArgv: [],
      workerData: {
        path,
        intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
        maxWalBytes: options.maxWalBytes ?? DEFAULT_MAX_WAL_BYTES,
        busyTimeoutMs: options.busyTimeoutMs ?? 1000,
        control: this.#control.buffer,
      },
    });
    this.#minKickMs = options.minKickMs ?? DEFAULT_MIN_KICK_MS;
    this.#restartWalBytes = options.restartWalBytes ?? DEFAULT_RESTART_WAL_BYTES;
    this.#worker.unref();
    this.#worker.on('error', () => Atomics.add(this.#control, 4, 1));
    this.#worker.on('exit', () => {
      if (!this.#closed) onStopped();
    });
  }

  stats(): CheckpointStats {
    const c = this.#control;
    return {
      passive: Atomics.load(c, 2), truncated: Atomics.load(c, 3), errors: Atomics.load(c, 4), unfinished: Atomics.load(c, 5),
      walBytesMax: Atomics.load(c, 6) * 1024, stepMsMax: Atomics.load(c, 7), restarts: this.#restarts,
    };
  }

  /**
   * Wakes the worker (call after a commit) unless it was woken less than `minKickMs` ago: it
   * checkpoints unless a step is under way. Fewer, larger steps cost less (each one syncs the
   * database file); frequent enough ones keep the WAL small.
   */
  kick(): void {
    Atomics.add(this.#control, COMMITS, 1);
    const now = performance.now();
    if (now - this.#lastKickMs < this.#minKickMs) return;
    this.#lastKickMs = now;
    Atomics.notify(this.#control, STATE);
  }

  /**
   * true when the WAL file is larger than `restartWalBytes` and the worker's last step copied every
   * frame of every commit since: the writer may then restart the WAL itself
   * (`wal_checkpoint(RESTART)`, nothing left to copy, no wait) before its next transaction.
   * SQLite restarts it on its own only when no checkpoint is running as that transaction
   * begins, which steps kicked by a steady stream of commits rarely leave room for.
   */
  restartDue(): boolean {
    const c = this.#control;
    return Atomics.load(c, WAL_KIB) * 1024 > this.#restartWalBytes && Atomics.load(c, COMPLETE_AT) === Atomics.load(c, COMMITS);
  }

  /** Records that the writer restarted the WAL. */
  restarted(): void {
    Atomics.store(this.#control, WAL_KIB, 0);
    this.#restarts++;
  }

  /**
   * Stops the worker and waits (up to 10 s) until its connection is closed, so the owner's
   * connection is the file's last one and its own close checkpoints and removes the WAL.
   * Safe to call twice.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.store(this.#control, STATE, 1);
    Atomics.notify(this.#control, STATE);
    Atomics.wait(this.#control, DONE, 0, CLOSE_WAIT_MS);
    this.#worker.terminate().catch(() => {});
  }
}
