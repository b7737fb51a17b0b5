/**
 * The store's writer thread: the only connection that writes the database file. It applies
 * prepared write batches and retention passes in the order they were posted, and answers each
 * once it is committed (or with the store's error: nothing of it was applied). The owner's thread
 * reads the same file through its own connection (WAL: readers never wait for this writer).
 *
 * Group commit: the writes waiting when the thread turns to its queue are committed in one
 * transaction, so a commit's fixed cost is shared by however many arrived meanwhile. When that
 * transaction fails, each of its writes is tried alone, so only a write the store refuses is
 * refused.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SqliteFlowStore } from '../../store/sqlite/sqlite-store.js';
import type { WriterData, WriterReply, WriterRequest } from './protocol.js';

type WriteRequest = Extract<WriterRequest, { op: 'write' }>;

/** Writes committed together at most (a bound on one transaction's length). */
const GROUP_WRITES = 256;

const port = parentPort!;
const { path, options } = workerData as WriterData;
const reply = (message: WriterReply): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let store: SqliteFlowStore | undefined;
try {
  store = new SqliteFlowStore(path, options);
  reply({ ready: true });
} catch (error) {
  reply({ ready: false, error: messageOf(error) });
  port.close();
}

/** Commits `writes` together, or each alone when together they fail; answers each. */
function commit(writes: readonly WriteRequest[]): void {
  if (writes.length === 0 || store === undefined) return;
  try {
    store.writeRows(writes.map((w) => w.rows));
    for (const { id } of writes) reply({ id, ok: true });
  } catch (error) {
    if (writes.length === 1) reply({ id: writes[0]!.id, ok: false, error: messageOf(error) });
    else for (const write of writes) commit([write]);
  }
}

/** A request other than a write. */
function serve(request: Exclude<WriterRequest, WriteRequest>): void {
  if (store === undefined) return;
  try {
    if (request.op === 'prune') {
      reply({ id: request.id, ok: true, stats: store.prune(request.retention, request.nowUs, request.maxFlows) });
      return;
    }
    store.close();
    store = undefined;
    reply({ id: request.id, ok: true });
    port.close();
  } catch (error) {
    reply({ id: request.id, ok: false, error: messageOf(error) });
  }
}

/** Takes every request waiting, in order: writes gather into groups, anything else first commits the group before it. */
port.on('message', (first: WriterRequest) => {
  const writes: WriteRequest[] = [];
  for (let next: WriterRequest | undefined = first; next !== undefined; next = receiveMessageOnPort(port)?.message as WriterRequest | undefined) {
    if (next.op === 'write') {
      writes.push(next);
      if (writes.length === GROUP_WRITES) commit(writes.splice(0));
    } else {
      commit(writes.splice(0));
      serve(next);
    }
  }
  commit(writes);
});
