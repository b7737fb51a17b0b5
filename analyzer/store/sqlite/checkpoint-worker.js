/**
 * The WAL checkpointer's thread (see checkpointer.ts, which starts it): its own connection to the
 * database file, a PASSIVE checkpoint every `intervalMs` (copies committed WAL frames into the
 * database file and syncs it without ever waiting for, or blocking, the writer), and a TRUNCATE
 * checkpoint when the WAL file has grown past `maxWalBytes` (waits for the writer between its
 * transactions, then empties the file: the bound on disk use). Plain JavaScript so that it loads
 * as it is in every runner. It stops when the control word `STATE` turns to 1, closes its
 * connection and sets `DONE`, which the owner waits for. Counters go to the shared control array.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

// Control array slots; keep in step with checkpointer.ts.
const STATE = 0;
const DONE = 1;
const PASSIVE = 2;
const TRUNCATED = 3;
const ERRORS = 4;
const UNFINISHED = 5;
const WAL_KIB_MAX = 6;
const STEP_MS_MAX = 7;
const COMMITS = 8;
const COMPLETE_AT = 9;
const WAL_KIB = 10;
/** Passes per step at most, while the writer keeps committing. */
const MAX_PASSES = 8;

const { path, intervalMs, maxWalBytes, busyTimeoutMs, control } = workerData;
const ctrl = new Int32Array(control);

function step(db) {
  const walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  Atomics.store(ctrl, WAL_KIB, Math.ceil(walBytes / 1024));
  Atomics.store(ctrl, WAL_KIB_MAX, Math.max(Atomics.load(ctrl, WAL_KIB_MAX), Math.ceil(walBytes / 1024)));
  if (walBytes === 0) return;
  const truncate = walBytes > maxWalBytes;
  const started = performance.now();
  // Before a TRUNCATE (which holds the writer off while it runs), copy what it can without that.
  if (truncate) db.pragma('wal_checkpoint(PASSIVE)');
  // While the writer commits during a pass, pass again (copying only the new frames), so that a
  // pass ends complete in the writer's next pause and the writer can restart the WAL.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const commits = Atomics.load(ctrl, COMMITS);
    const [result] = db.pragma(`wal_checkpoint(${truncate ? 'TRUNCATE' : 'PASSIVE'})`);
    Atomics.add(ctrl, truncate ? TRUNCATED : PASSIVE, 1);
    if (result.busy !== 0 || result.checkpointed < result.log) Atomics.add(ctrl, UNFINISHED, 1);
    // Every frame of every commit the writer had counted before this pass is in the database file.
    else Atomics.store(ctrl, COMPLETE_AT, commits);
    if (truncate || Atomics.load(ctrl, COMMITS) === commits || Atomics.load(ctrl, STATE) !== 0) break;
  }
  Atomics.store(ctrl, STEP_MS_MAX, Math.max(Atomics.load(ctrl, STEP_MS_MAX), Math.ceil(performance.now() - started)));
}

let db;
try {
  db = new Database(path, { timeout: busyTimeoutMs, fileMustExist: true });
  while (Atomics.load(ctrl, STATE) === 0) {
    Atomics.wait(ctrl, STATE, 0, intervalMs);
    if (Atomics.load(ctrl, STATE) !== 0) break;
    try {
      step(db);
    } catch {
      Atomics.add(ctrl, ERRORS, 1);
    }
  }
} catch {
  Atomics.add(ctrl, ERRORS, 1);
} finally {
  try {
    db?.close();
  } catch {
    Atomics.add(ctrl, ERRORS, 1);
  }
  Atomics.store(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
}
