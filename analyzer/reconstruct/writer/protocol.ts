/** Messages between the store's writer thread (store-worker.ts) and its owner (store-thread.ts). */
import type { Retention, StoreStats } from '../../store/contracts.js';
import type { SqliteStoreOptions } from '../../store/sqlite/sqlite-store.js';
import type { BatchRows } from '../../store/sqlite/batch-rows.js';

export interface WriterData {
  readonly path: string;
  readonly options: SqliteStoreOptions;
}

/** Requests, answered in the order sent; `close` is the last one the thread answers. */
export type WriterRequest =
  | { readonly id: number; readonly op: 'write'; readonly rows: BatchRows }
  | { readonly id: number; readonly op: 'prune'; readonly retention: Retention; readonly nowUs: number; readonly maxFlows: number | undefined }
  | { readonly id: number; readonly op: 'close' };

export type WriterReply =
  | { readonly ready: true }
  | { readonly ready: false; readonly error: string }
  | { readonly id: number; readonly ok: true; readonly stats?: StoreStats }
  | { readonly id: number; readonly ok: false; readonly error: string };
