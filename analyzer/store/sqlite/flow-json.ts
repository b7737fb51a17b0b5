/**
 * Stored flows as JSON text, by any of their request ids, for reads that forward the text
 * (`GET /api/flows/{id}`). A flow read a second time is kept (SecondHitLru) by flow id, so a
 * repeat read is one alias lookup and a map lookup, and hands out the same string again (which
 * lets the query layer reuse its encoded body by identity). Kept text is never stale: the store
 * forgets a flow whenever this connection writes, merges or deletes it, and forgets everything
 * when another connection has committed to the file since (`PRAGMA data_version`).
 */
import type Database from 'better-sqlite3';
import { SecondHitLru } from '../byte-lru.js';
import { FLOW_OF_REQUEST_ID } from './schema.js';

/** Default budget for kept flow JSON (UTF-16 code units, about bytes for ASCII). @default 16 MiB */
export const DEFAULT_FLOW_JSON_CACHE_BYTES = 16 * 1024 * 1024;

export class FlowJsonReader {
  readonly #flowIdOf: Database.Statement;
  readonly #dataOf: Database.Statement;
  readonly #dataVersion: Database.Statement;
  readonly #kept: SecondHitLru<string>;
  #seenVersion: unknown;

  constructor(db: Database.Database, maxBytes = DEFAULT_FLOW_JSON_CACHE_BYTES) {
    this.#flowIdOf = db.prepare(FLOW_OF_REQUEST_ID).pluck();
    this.#dataOf = db.prepare('SELECT data FROM flows WHERE id = ?').pluck();
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#kept = new SecondHitLru(maxBytes);
    this.#seenVersion = this.#dataVersion.get();
  }

  /** The JSON of the flow that `requestId` belongs to; undefined when unknown. */
  json(requestId: string): string | undefined {
    const flowId = this.#flowIdOf.get(requestId, requestId) as string | undefined;
    if (flowId === undefined) return undefined;
    const version = this.#dataVersion.get();
    if (version !== this.#seenVersion) {
      this.#kept.clear();
      this.#seenVersion = version;
    }
    const kept = this.#kept.get(flowId);
    if (kept !== undefined) return kept;
    const data = this.#dataOf.get(flowId) as string | undefined;
    if (data !== undefined) this.#kept.offer(flowId, data, data.length);
    return data;
  }

  /** Drops what is kept of a flow this connection is about to change. */
  forget(flowId: string): void {
    this.#kept.delete(flowId);
  }
}
