import { SpanKind } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { Attr } from '../core/attributes.js';
import type { RequestContext } from '../sim/kit/context.js';
import type { Db, DbStatement } from '../sim/kit/db.js';
import { addRequestIds } from './request-ids.js';
import { parentOf } from './scope.js';
import { CompactSpan } from './span/compact-span.js';
import { CompactTracer } from './span/compact-tracer.js';
import { runInSpan } from './traced-call.js';
import type { ShimOptions } from './traced-call.js';

/** The simulated database speaks for nova's MySQL. */
export const DB_SYSTEM = 'mysql';

/**
 * Decorates a Db: every statement is a CLIENT span `{OPERATION} {table}` with `db.system.name`,
 * `db.namespace` (database), `db.operation.name`, `db.collection.name` (table) and the request
 * ids of the context it runs for, child of that request's span (`parentOf`, see `scope.ts`).
 * The `db.*` attributes are what makes it a database edge, so a component that touches the
 * database directly shows in the graph. On the request path the shim reads what it needs
 * (`DbCall`); with createTracing's CompactSpan, name and attributes are made when exported.
 */
export function traceDb(tracer: Tracer, options: ShimOptions = {}): (db: Db) => Db {
  const compact = tracer instanceof CompactTracer ? tracer : undefined;
  return (db) => ({
    run<T>(requestContext: RequestContext, statement: DbStatement, work: () => T): Promise<T> {
      let span: Span;
      try {
        const call = new DbCall(statement, requestContext);
        span = compact !== undefined ? compact.startKind(SpanKind.CLIENT, parentOf(requestContext)) : tracer.startSpan(spanName(call), { kind: SpanKind.CLIENT, attributes: dbAttributes(call) }, parentOf(requestContext));
        if (span instanceof CompactSpan) span.completeWhenRead(describeDbSpan, call);
      } catch (error) {
        options.onInternalError?.(error); // the statement runs untraced
        return db.run(requestContext, statement, work);
      }
      return runInSpan(span, undefined, () => db.run(requestContext, statement, work));
    },
  });
}

/** One statement as its span needs it, read when it is made. */
class DbCall {
  readonly operation: string;
  readonly table: string;
  readonly database: string;
  readonly request_id: unknown;
  readonly global_request_id: unknown;

  constructor(statement: DbStatement, requestContext: RequestContext | undefined) {
    this.operation = statement.operation;
    this.table = statement.table;
    this.database = statement.database;
    this.request_id = requestContext?.request_id;
    this.global_request_id = requestContext?.global_request_id;
  }
}

function spanName(call: DbCall): string {
  return `${call.operation} ${call.table}`;
}

function dbAttributes(call: DbCall): Attributes {
  return addRequestIds({ [Attr.dbSystem]: DB_SYSTEM, [Attr.dbNamespace]: call.database, [Attr.dbOperation]: call.operation, [Attr.dbCollection]: call.table }, call);
}

function describeDbSpan(span: Span, call: DbCall): void {
  span.updateName(spanName(call));
  span.setAttributes(dbAttributes(call));
}
