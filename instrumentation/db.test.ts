import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { newRequestId } from '../core/request-id.js';
import { createDb } from '../sim/kit/db.js';
import type { Db } from '../sim/kit/db.js';
import { assertSpan } from './testing/assert-span.js';
import { memoryTracing } from './testing/memory-tracing.js';

describe('db wrapper', () => {
  it('records each statement as a CLIENT span with db.* attributes and the request ids', async () => {
    const memory = memoryTracing();
    const db = memory.hooks('nova-conductor').wrapDb?.(createDb()) as Db;
    const context = { request_id: newRequestId(), global_request_id: newRequestId(), user_id: null, project_id: null };
    expect(await db.run(context, { operation: 'INSERT', table: 'instances', database: 'nova_cell1' }, () => 'row')).toBe('row');
    const [span] = await memory.spans();
    assertSpan(span, {
      name: 'INSERT instances',
      kind: SpanKind.CLIENT,
      service: 'nova-conductor',
      attributes: {
        [Attr.dbSystem]: 'mysql',
        [Attr.dbNamespace]: 'nova_cell1',
        [Attr.dbOperation]: 'INSERT',
        [Attr.dbCollection]: 'instances',
        [Attr.requestId]: context.request_id,
        [Attr.globalRequestId]: context.global_request_id,
      },
    });
  });

  it('marks a failed statement and rethrows', async () => {
    const memory = memoryTracing();
    const db = memory.hooks('nova-api').wrapDb?.(createDb()) as Db;
    const context = { request_id: newRequestId(), global_request_id: null, user_id: null, project_id: null };
    const statement = { operation: 'UPDATE', table: 'instances', database: 'nova_api' } as const;
    await expect(db.run(context, statement, () => { throw new RangeError('deadlock'); })).rejects.toThrow('deadlock');
    const [span] = await memory.spans();
    assertSpan(span, { status: SpanStatusCode.ERROR, attributes: { [Attr.errorType]: 'RangeError' } });
  });
});
