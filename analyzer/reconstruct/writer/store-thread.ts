/**
 * The SQLite store's writer on its own thread (store-worker.ts), so that committing spans, the
 * largest cost of ingest, runs beside receive and reconstruct instead of on their thread. This
 * thread keeps its own connection to the same file for reads (WAL: every read sees the last
 * commit, without waiting for the writer).
 *
 * Writes arrive prepared (SqliteFlowStore.prepare on the owner's connection: batch-rows.ts), so
 * the thread runs statements only, and their bytes move to it without a copy.
 *
 * Contract: requests are applied in the order they are made; `write` resolves once its batch is
 * committed (durable as SqliteFlowStore.write; writes waiting together share a transaction), or
 * rejects with the store's error (nothing of it applied). If the thread stops, every unanswered
 * request and every later one rejects, naming why.
 */
import { Worker } from 'node:worker_threads';
import type { Retention, StoreStats, WriteBatch } from '../../store/contracts.js';
import type { SqliteFlowStore, SqliteStoreOptions } from '../../store/sqlite/sqlite-store.js';
import type { BatchRows } from '../../store/sqlite/batch-rows.js';
import type { WriterData, WriterReply, WriterRequest } from './protocol.js';

/** How the assembler writes when the store is written asynchronously. */
export interface AsyncFlowWriter {
  /** Applies the batch atomically; resolves once it is committed, in the order writes were made. */
  write(batch: WriteBatch): Promise<void>;
}

/**
 * The assembler's writer with the writer thread: each batch is prepared here, on the connection
 * `preparer` (the owner's reading connection to the same file), and committed by `thread`.
 */
export function threadedWriter(thread: StoreThread, preparer: Pick<SqliteFlowStore, 'prepare'>): AsyncFlowWriter {
  return { write: async (batch) => thread.write(preparer.prepare(batch)) };
}

type Pending = { readonly resolve: (stats: StoreStats | undefined) => void; readonly reject: (error: Error) => void };
type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class StoreThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  /** Why the thread is gone; every request then rejects with it. */
  #stopped: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WriterReply) => this.#answer(message));
    worker.on('error', (error) => this.#stop(new Error(`store writer thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.#stop(new Error(`store writer thread exited (code ${code})`)));
  }

  /** Starts the writer on the database file at `path` (created when absent); resolves once it is open. */
  static open(path: string, options: SqliteStoreOptions = {}): Promise<StoreThread> {
    const workerData: WriterData = { path, options };
    const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { execArgv: [], workerData });
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => reject(new Error(`store writer thread for ${path} did not start: ${error.message}`));
      worker.once('error', failed);
      worker.once('message', (message: WriterReply) => {
        worker.off('error', failed);
        if ('ready' in message && message.ready) resolve(new StoreThread(worker));
        else {
          void worker.terminate();
          failed(new Error('ready' in message && !message.ready ? message.error : 'unexpected first message'));
        }
      });
    });
  }

  /** Commits prepared rows; their byte buffers move to the thread (unusable here afterwards). */
  async write(rows: BatchRows): Promise<void> {
    await this.#request({ op: 'write', rows }, [rows.keys.buffer as ArrayBuffer, rows.bodies.buffer as ArrayBuffer]);
  }

  /** FlowWriter.prune on the writer's connection. */
  async prune(retention: Retention, nowUs: number, maxFlows?: number): Promise<StoreStats> {
    return (await this.#request({ op: 'prune', retention, nowUs, maxFlows })) ?? { flows: 0, spans: 0 };
  }

  /** Answers every request made before, then closes the writer's connection; safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= this.#stopped !== undefined ? Promise.resolve() : this.#request({ op: 'close' }).then(() => this.#worker.terminate()).then(() => undefined);
    return this.#closing;
  }

  /** Posts a request; `transfer` moves buffers to the thread instead of copying them. */
  #request(request: Request, transfer: readonly ArrayBuffer[] = []): Promise<StoreStats | undefined> {
    if (this.#stopped !== undefined) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as WriterRequest, [...transfer]);
    });
  }

  #answer(message: WriterReply): void {
    if (!('id' in message)) return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.stats);
    else pending.reject(new Error(message.error));
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }
}
