import type { RequestContext } from './context.js';

/**
 * Database access as the nova services do it (nova-api's API database, conductor's and
 * scheduler's cell database). The simulated database is in memory; the point of this interface is
 * that every access is visible, so the tracing shim can turn it into a CLIENT span with `db.*`
 * attributes and a component that touches the database directly shows up in the call graph.
 */
export type DbOperation = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface DbStatement {
  readonly operation: DbOperation;
  /** Table name, e.g. `instances`, `build_requests`. */
  readonly table: string;
  /** Database name: `nova_api` or `nova_cell1`. */
  readonly database: string;
}

export interface Db {
  /** Runs `work` as one statement on behalf of `context`; resolves with its result. */
  run<T>(context: RequestContext, statement: DbStatement, work: () => T): Promise<T>;
}

/** The plain database: runs the work, nothing else. */
export function createDb(): Db {
  return { run: async (_context, _statement, work) => work() };
}
