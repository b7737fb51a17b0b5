import { describe, expect, it } from 'vitest';
import type { Hop, HopKind } from '../../core/flow.js';
import { buildGraph } from './graph.js';

let seq = 0;
function hop(from: string, to: string, kind: HopKind, operation: string, durationUs: number, extra: Partial<Hop> = {}): Hop {
  seq++;
  return { seq, from, to, kind, operation, startUs: seq * 10, durationUs, error: false, spanIds: [`s${seq}`], ...extra };
}

describe('buildGraph', () => {
  it('totals the hops of each (from, to, kind, operation), one edge each, in order of their first hop', () => {
    seq = 0;
    const hops = [
      hop('client', 'nova-api', 'http', 'POST /v2.1/servers', 100),
      hop('nova-api', 'database', 'db', 'SELECT instances', 5),
      // the same operation on other edges: another caller, another kind
      hop('nova-conductor', 'database', 'db', 'SELECT instances', 7),
      hop('nova-api', 'database', 'rpc_call', 'SELECT instances', 9),
      hop('nova-api', 'database', 'db', 'SELECT instances', 3, { error: true }),
      hop('nova-api', 'glance', 'http', 'GET /v2/images/{image_id}', 20, { inferred: true }),
      hop('nova-api', 'glance', 'http', 'GET /v2/images/{image_id}', 30, { inferred: true }),
      hop('nova-conductor', 'database', 'db', 'SELECT instances', 11, { inferred: true }),
    ];
    const graph = buildGraph(hops);
    expect(graph.nodes).toEqual(['client', 'nova-api', 'database', 'nova-conductor', 'glance']);
    expect(graph.edges).toEqual([
      { from: 'client', to: 'nova-api', kind: 'http', operation: 'POST /v2.1/servers', count: 1, firstSeq: 1, totalDurationUs: 100, maxDurationUs: 100, errors: 0 },
      { from: 'nova-api', to: 'database', kind: 'db', operation: 'SELECT instances', count: 2, firstSeq: 2, totalDurationUs: 8, maxDurationUs: 5, errors: 1 },
      { from: 'nova-conductor', to: 'database', kind: 'db', operation: 'SELECT instances', count: 2, firstSeq: 3, totalDurationUs: 18, maxDurationUs: 11, errors: 0 },
      { from: 'nova-api', to: 'database', kind: 'rpc_call', operation: 'SELECT instances', count: 1, firstSeq: 4, totalDurationUs: 9, maxDurationUs: 9, errors: 0 },
      { from: 'nova-api', to: 'glance', kind: 'http', operation: 'GET /v2/images/{image_id}', count: 2, firstSeq: 6, totalDurationUs: 50, maxDurationUs: 30, errors: 0, inferred: true },
    ]);
  });

  it('orders edges by their first hop whatever order the hops come in', () => {
    seq = 0;
    const [a, b, c] = [hop('client', 'nova-api', 'http', 'GET /', 1), hop('nova-api', 'neutron', 'http', 'GET /ports', 2), hop('client', 'nova-api', 'http', 'GET /', 3)];
    const graph = buildGraph([c!, b!, a!]);
    expect(graph.edges.map((e) => [e.to, e.firstSeq, e.count])).toEqual([['nova-api', 1, 2], ['neutron', 2, 1]]);
    expect(buildGraph([]).edges).toEqual([]);
  });
});
