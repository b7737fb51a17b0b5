/**
 * Span resources, stored once: a process's resource (service name, host, SDK attributes) is the
 * same object on every span it emits, so spans keep a small `resource_id` instead of repeating it
 * (a third of a span's JSON). Ids are cached both ways for the life of the connection.
 *
 * Ids are given out before the write that stores them (a batch is prepared without the database:
 * batch-rows.ts): a resource this connection has not seen is looked up by its JSON, and when the
 * file lacks it too it gets the next free id. Every batch carries the rows of the resources its
 * spans name; the connection that writes the batch inserts those it does not know to be stored.
 * Contract: one connection prepares the batches for a file (the writer's, or with the writer
 * thread the thread that posts to it); a second one giving out ids would collide, and the write
 * that finds its id holding another resource is refused, naming the conflict (the connection
 * that wrote it then looks that resource up again).
 */
import type Database from 'better-sqlite3';
import type { Resource } from '../../../core/span.js';

/** A resource as stored: its id and its JSON. */
export interface ResourceRow {
  readonly id: number;
  readonly json: string;
}

export class ResourceTable {
  #byObject = new WeakMap<Resource, number>();
  readonly #byJson = new Map<string, number>();
  readonly #byId = new Map<number, Resource>();
  readonly #jsonById = new Map<number, string>();
  /** Ids this connection knows to be committed to the file. */
  readonly #stored = new Set<number>();
  /** The lowest id not given out by this connection. */
  #nextId = 0;
  readonly #insert: Database.Statement;
  readonly #idOf: Database.Statement;
  readonly #maxId: Database.Statement;
  readonly #get: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO resources (id, data) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.#idOf = db.prepare('SELECT id FROM resources WHERE data = ?').pluck();
    this.#maxId = db.prepare('SELECT coalesce(max(id), 0) FROM resources').pluck();
    this.#get = db.prepare('SELECT data FROM resources WHERE id = ?').pluck();
  }

  /** The id of a resource: the stored one, else a new one (its row then travels with the batch: `row`). */
  idOf(resource: Resource): number {
    const cached = this.#byObject.get(resource);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(resource);
    let id = this.#byJson.get(json);
    if (id === undefined) {
      id = this.#idOf.get(json) as number | undefined;
      if (id !== undefined) this.#stored.add(id);
      else {
        id = Math.max(this.#nextId, (this.#maxId.get() as number) + 1);
        this.#nextId = id + 1;
      }
      this.#learn(id, json, resource);
    }
    this.#byObject.set(resource, id);
    return id;
  }

  /** The row of an id `idOf` gave out. */
  row(id: number): ResourceRow {
    return { id, json: this.#jsonById.get(id)! };
  }

  /**
   * Inserts the rows this connection does not know to be stored (inside the caller's write
   * transaction); returns the ids it inserted, for `committed` once the transaction is. Throws
   * when an id holds another resource (a second connection gave ids out: see the contract).
   */
  insert(rows: readonly ResourceRow[]): number[] {
    const inserted: number[] = [];
    for (const { id, json } of rows) {
      if (this.#stored.has(id)) continue;
      if (this.#insert.run(id, json).changes === 0 && this.#get.get(id) !== json) {
        this.#forget(id);
        throw new Error(`resource id ${id} is stored for another resource: a second connection gives out resource ids for this file`);
      }
      inserted.push(id);
    }
    return inserted;
  }

  /** The ids `insert` inserted are committed. */
  committed(ids: readonly number[]): void {
    for (const id of ids) this.#stored.add(id);
  }

  resource(id: number): Resource {
    let resource = this.#byId.get(id);
    if (resource === undefined) {
      const json = this.#get.get(id) as string | undefined;
      resource = json === undefined ? { serviceName: 'unknown_service', attributes: {} } : (JSON.parse(json) as Resource);
      if (json !== undefined) {
        this.#stored.add(id);
        this.#learn(id, json, resource);
      } else this.#byId.set(id, resource);
    }
    return resource;
  }

  /** Forgets what this connection believed id `id` to be (the next `idOf` of its resource looks again). */
  #forget(id: number): void {
    const json = this.#jsonById.get(id);
    if (json !== undefined) this.#byJson.delete(json);
    this.#byObject = new WeakMap();
    this.#byId.delete(id);
    this.#jsonById.delete(id);
  }

  #learn(id: number, json: string, resource: Resource): void {
    this.#byJson.set(json, id);
    this.#byId.set(id, resource);
    this.#jsonById.set(id, json);
  }
}
