/**
 * The store's writer thread: the only connection that writes the database file. It applies write
 * batches and retention passes one at a time, in the order they were posted, and answers each
 * once it is committed (or with the store's error: nothing was applied). The owner's thread reads
 * the same file through its own connection (WAL: readers never wait for this writer).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteFlowStore } from '../../store/sqlite/sqlite-store.js';
import { decodeBatch } from './batch-codec.js';
import type { WriterData, WriterReply, WriterRequest } from './protocol.js';

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

port.on('message', (request: WriterRequest) => {
  if (store === undefined) return;
  try {
    switch (request.op) {
      case 'write':
        store.write(decodeBatch(request.batch));
        reply({ id: request.id, ok: true });
        break;
      case 'prune':
        reply({ id: request.id, ok: true, stats: store.prune(request.retention, request.nowUs, request.maxFlows) });
        break;
      case 'close':
        store.close();
        store = undefined;
        reply({ id: request.id, ok: true });
        port.close();
        break;
    }
  } catch (error) {
    reply({ id: request.id, ok: false, error: messageOf(error) });
  }
});
