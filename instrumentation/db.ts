import { SpanKind } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { Attr } from '../core/attributes.js';
import type { Db } from '../sim/kit/db.js';
import { addRequestIds } from './request-ids.js';
import { parentOf } from './scope.js';
import { traceCall } from './traced-call.js';
import type { ShimOptions } from './traced-call.js';

/** The simulated database speaks for nova's MySQL. */
export const DB_SYSTEM = 'mysql';

/**
 * Decorates a Db: every statement is a CLIENT span `{OPERATION} {table}` with `db.system.name`,
 * `db.namespace` (database), `db.operation.name`, `db.collection.name` (table) and the request
 * ids of the context it runs for, child of that request's span (`parentOf`, see `scope.ts`).
 * The `db.*` attributes are what makes it a database edge, so a component that touches the
 * database directly shows in the graph.
 */
export function traceDb(tracer: Tracer, options: ShimOptions = {}): (db: Db) => Db {
  return (db) => ({
    run: (requestContext, statement, work) =>
      traceCall(
        () => {
          const attributes = addRequestIds(
            {
              [Attr.dbSystem]: DB_SYSTEM,
              [Attr.dbNamespace]: statement.database,
              [Attr.dbOperation]: statement.operation,
              [Attr.dbCollection]: statement.table,
            },
            requestContext,
          );
          const span = tracer.startSpan(`${statement.operation} ${statement.table}`, { kind: SpanKind.CLIENT, attributes }, parentOf(requestContext));
          return {
            span,
            run() {
              return db.run(requestContext, statement, work);
            },
          };
        },
        () => db.run(requestContext, statement, work),
        options.onInternalError,
      ),
  });
}
