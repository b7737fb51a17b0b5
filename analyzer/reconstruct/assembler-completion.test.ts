/** The assembler's completion rules: final hop plus settle, quiet period, and the in-flight limit. */
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../core/span.js';
import { assemblerSetup, T0 } from '../testing/assembler.js';
import { scriptBoot, scriptShelve } from '../testing/boot.js';
import { SpanFactory } from '../testing/spans.js';

describe('FlowAssembler completion', () => {
  it('completes a flow shortly after its final hop and stores it with its spans', () => {
    const { assembler, store, events, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans);
    advance(100);
    expect(events.map(([, change]) => change)).toEqual(['updated']);
    advance(150);
    expect(events.map(([, change]) => change)).toEqual(['updated', 'completed']);
    expect(events[1]![2].status).toBe('complete');
    expect(assembler.inFlight).toBe(0);
    expect(store.getFlow(boot.aliases.get('placement')!)?.status).toBe('complete');
    expect(store.getSpans(boot.requestId)).toHaveLength(boot.spans.length);
  });

  it('completes a flow without its final hop after the quiet period', () => {
    const { assembler, events, advance } = assemblerSetup();
    const boot = scriptBoot(new SpanFactory(), T0);
    assembler.add(boot.spans.filter((s) => !s.name.includes('fanout')));
    advance(2900);
    expect(events.filter(([, c]) => c === 'completed')).toHaveLength(0);
    advance(200);
    expect(events.filter(([, c]) => c === 'completed')).toHaveLength(1);
  });

  it('completes a due flow on time after a quieter flow absorbed one heard from just now', () => {
    const { assembler, events, clock, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const server = (requestId: string, globalRequestId?: string) => factory.span({ service: 'nova-api', kind: SpanKind.SERVER, name: 'GET /v2.1/servers', startUs: T0, durationUs: 1_000, requestId, globalRequestId });
    const [quiet, recent] = [factory.requestId(), factory.requestId()];
    assembler.add([server(quiet)]);
    advance(900);
    const boot = scriptBoot(factory, T0 + 1_000_000);
    assembler.add(boot.spans);
    advance(100);
    assembler.add([server(recent), server(recent, quiet)]);
    expect(assembler.counts.merges).toBe(1);
    advance(100);
    expect(clock.ms - 1_000_000).toBe(1100);
    expect(events.filter(([, change]) => change === 'completed').map(([id]) => id)).toEqual([boot.requestId]);
  });

  it('completes a flow at settle once a late batch brings its final hop, while an earlier flow waits out the quiet period', () => {
    const { assembler, events, advance } = assemblerSetup();
    const factory = new SpanFactory();
    const waiting = scriptBoot(factory, T0);
    assembler.add(waiting.spans.filter((s) => !s.name.includes('fanout')));
    advance(100);
    const boot = scriptBoot(factory, T0 + 1_000_000);
    const fanout = boot.spans.filter((s) => s.name.includes('fanout'));
    assembler.add(boot.spans.filter((s) => !fanout.includes(s)));
    advance(300);
    expect(events.filter(([, change]) => change === 'completed')).toHaveLength(0);
    assembler.add(fanout);
    advance(100);
    advance(150);
    expect(events.filter(([, change]) => change === 'completed').map(([id]) => id)).toEqual([boot.requestId]);
    advance(2300);
    expect(events.filter(([, change]) => change === 'completed').map(([id]) => id)).toEqual([boot.requestId]);
    advance(100);
    expect(events.filter(([, change]) => change === 'completed').map(([id]) => id)).toEqual([boot.requestId, waiting.requestId]);
  });

  it('completes the quietest flow early beyond maxInFlightFlows', () => {
    const { assembler, store, clock } = assemblerSetup({ maxInFlightFlows: 1 });
    const factory = new SpanFactory();
    const boot = scriptBoot(factory, T0);
    assembler.add(boot.spans);
    clock.ms += 10;
    const shelve = scriptShelve(factory, T0 + 1_000_000);
    assembler.add(shelve.spans);
    expect(assembler.inFlight).toBe(1);
    expect(store.getFlow(boot.requestId)?.status).toBe('complete');
  });

  it('completes the flows heard from longest ago beyond maxInFlightFlows, together in one write', () => {
    const { assembler, store, clock } = assemblerSetup({ maxInFlightFlows: 3 });
    const records: number[] = [];
    const write = store.write.bind(store);
    store.write = (batch) => {
      records.push(batch.flows?.length ?? 0);
      write(batch);
    };
    const factory = new SpanFactory();
    const [a, b, c, d, e] = Array.from({ length: 5 }, (_, i) => scriptBoot(factory, T0 + i * 1_000_000));
    for (const flow of [a!, b!, c!]) {
      assembler.add(flow.spans.slice(0, 3));
      clock.ms += 10;
    }
    assembler.add(a!.spans.slice(3, 4));
    clock.ms += 10;
    records.length = 0;
    assembler.add([...d!.spans.slice(0, 3), ...e!.spans.slice(0, 3)]);
    expect(records).toEqual([2]);
    expect(assembler.inFlight).toBe(3);
    expect([b, c].map((f) => store.getFlow(f!.requestId)?.spanCount)).toEqual([3, 3]);
    expect([a, d, e].map((f) => store.getFlow(f!.requestId))).toEqual([undefined, undefined, undefined]);
    expect(assembler.getFlow(a!.requestId)?.spanCount).toBe(4);
  });

  it('keeps flows beyond maxInFlightFlows in flight when the store refuses their early completion', () => {
    const { assembler, store } = assemblerSetup({ maxInFlightFlows: 1 });
    const factory = new SpanFactory();
    const [boot, shelve] = [scriptBoot(factory, T0), scriptShelve(factory, T0 + 1_000_000)];
    assembler.add(boot.spans);
    store.write = () => {
      throw new Error('disk full');
    };
    assembler.add(shelve.spans);
    expect(assembler.counts.writeErrors).toBe(1);
    expect(assembler.inFlight).toBe(2);
    expect(assembler.getFlow(boot.requestId)?.spanCount).toBe(boot.spans.length);
  });
});
