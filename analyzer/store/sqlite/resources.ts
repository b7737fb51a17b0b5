/**
 * Span resources, stored once: a process's resource (service name, host, SDK attributes) is the
 * same object on every span it emits, so spans keep a small `resource_id` instead of repeating it
 * (a third of a span's JSON). Ids are cached both ways for the life of the connection.
 */
import type Database from 'better-sqlite3';
import type { Resource } from '../../../core/span.js';

export class ResourceTable {
  #byObject = new WeakMap<Resource, number>();
  readonly #byJson = new Map<string, number>();
  readonly #byId = new Map<number, Resource>();
  readonly #insert: Database.Statement;
  readonly #idOf: Database.Statement;
  readonly #get: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO resources (data) VALUES (?)');
    this.#idOf = db.prepare('SELECT id FROM resources WHERE data = ?');
    this.#get = db.prepare('SELECT data FROM resources WHERE id = ?');
  }

  /** The id of a resource, inserting it when new; call inside the write transaction. */
  idOf(resource: Resource): number {
    const cached = this.#byObject.get(resource);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(resource);
    let id = this.#byJson.get(json);
    if (id === undefined) {
      this.#insert.run(json);
      id = (this.#idOf.get(json) as { id: number }).id;
      this.#byJson.set(json, id);
      this.#byId.set(id, resource);
    }
    this.#byObject.set(resource, id);
    return id;
  }

  /** Forgets every id learnt: call when a write transaction rolled back (its new ids are gone). */
  forgetIds(): void {
    this.#byObject = new WeakMap();
    this.#byJson.clear();
    this.#byId.clear();
  }

  resource(id: number): Resource {
    let resource = this.#byId.get(id);
    if (resource === undefined) {
      const row = this.#get.get(id) as { data: string } | undefined;
      resource = row === undefined ? { serviceName: 'unknown_service', attributes: {} } : (JSON.parse(row.data) as Resource);
      this.#byId.set(id, resource);
    }
    return resource;
  }
}
