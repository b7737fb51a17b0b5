import { describe, expect, it } from 'vitest';
import { InFlightFlows } from './in-flight-flows.js';
import type { Span } from '../../core/span.js';
import type { BuiltFlow } from './build-flow.js';
import { PendingFlow } from './pending-flow.js';

function flows(...ids: string[]): { map: InFlightFlows; flow: Record<string, PendingFlow> } {
  const map = new InFlightFlows();
  const flow: Record<string, PendingFlow> = {};
  for (const id of ids) map.set(id, (flow[id] = new PendingFlow(id, 0)));
  return { map, flow };
}

const order = (map: InFlightFlows): string[] => [...map.quietestFirst()].map((f) => f.id);
const finalOrder = (map: InFlightFlows): string[] => [...map.finalHopSeenQuietestFirst()].map((f) => f.id);

/** Marks `flow` built, its final hop seen or not, and tells `map`. */
function build(map: InFlightFlows, flow: PendingFlow, finalHopSeen: boolean): void {
  flow.built = { finalHopSeen } as BuiltFlow;
  map.rebuilt(flow);
}

describe('InFlightFlows', () => {
  it('orders flows by their last touch, heard from longest ago first', () => {
    const { map, flow } = flows('a', 'b', 'c');
    expect(order(map)).toEqual(['a', 'b', 'c']);
    map.touched(flow.a!);
    map.touched(flow.a!);
    expect(order(map)).toEqual(['b', 'c', 'a']);
    map.touched(flow.b!);
    expect(order(map)).toEqual(['c', 'a', 'b']);
    expect([...map.keys()]).toEqual(['a', 'b', 'c']);
  });

  it('forgets deleted and replaced flows, and ignores touches of flows it does not hold', () => {
    const { map, flow } = flows('a', 'b');
    map.delete('a');
    map.touched(flow.a!);
    expect(order(map)).toEqual(['b']);
    const newB = new PendingFlow('b', 0);
    map.set('b', newB);
    map.touched(flow.b!);
    expect([...map.quietestFirst()]).toEqual([newB]);
    map.clear();
    expect(order(map)).toEqual([]);
  });

  it('moves a flow deleted and set anew like any other', () => {
    const { map, flow } = flows('a', 'b');
    map.touched(flow.a!);
    map.delete('a');
    map.set('a', flow.a!);
    map.touched(flow.b!);
    map.touched(flow.a!);
    expect(order(map)).toEqual(['b', 'a']);
  });

  it('lists the flows changed since they were settled, and a settled flow again once a span joins it', () => {
    const { map, flow } = flows('a', 'b');
    const changed = (): string[] => [...map.changed()].map((f) => f.id);
    expect(changed()).toEqual(['a', 'b']);
    for (const f of [flow.a!, flow.b!]) {
      f.dirty = false;
      map.settle(f);
    }
    expect(changed()).toEqual([]);
    flow.b!.add({ traceId: 't', spanId: 's', attributes: {} } as unknown as Span, 1);
    expect(changed()).toEqual(['b']);
    map.delete('b');
    expect(changed()).toEqual([]);
    flow.b!.dirty = false;
    flow.b!.add({ traceId: 't', spanId: 's2', attributes: {} } as unknown as Span, 2);
    expect(changed()).toEqual([]);
  });

  it('lists the flows whose last build saw their final hop, in the quiet order', () => {
    const { map, flow } = flows('a', 'b', 'c');
    expect(finalOrder(map)).toEqual([]);
    build(map, flow.c!, true);
    build(map, flow.a!, false);
    build(map, flow.b!, true);
    expect(finalOrder(map)).toEqual(['c', 'b']);
    build(map, flow.c!, true);
    expect(finalOrder(map)).toEqual(['c', 'b']);
    map.touched(flow.c!);
    map.touched(flow.a!);
    expect(finalOrder(map)).toEqual(['b', 'c']);
    expect(order(map)).toEqual(['b', 'c', 'a']);
    build(map, flow.b!, false);
    expect(finalOrder(map)).toEqual(['c']);
    map.delete('c');
    build(map, flow.c!, true);
    expect(finalOrder(map)).toEqual([]);
    build(map, flow.a!, true);
    map.clear();
    expect(finalOrder(map)).toEqual([]);
  });
});
