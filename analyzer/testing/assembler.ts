/**
 * A FlowAssembler on a clock the test moves: a memory store, the scripts' endpoints, a 3 s quiet
 * period, 200 ms settle and every announced change recorded, for the assembler's tests.
 */
import type { Flow } from '../../core/flow.js';
import { FlowAssembler } from '../reconstruct/assembler.js';
import type { FlowChange } from '../reconstruct/assembler.js';
import { MemoryFlowStore } from '../store/memory-store.js';
import { SCRIPT_ENDPOINTS } from './flow-script.js';

/** Start time of the scripted flows, µs since the epoch. */
export const T0 = 1_764_000_000_000_000;

/** `advance(ms)` moves the clock and ticks; `events` holds every [flow id, change, flow] announced. */
export function assemblerSetup(overrides: Partial<ConstructorParameters<typeof FlowAssembler>[0]> = {}) {
  const clock = { ms: 1_000_000 };
  const store = new MemoryFlowStore();
  const assembler = new FlowAssembler({
    store, endpoints: SCRIPT_ENDPOINTS, quietPeriodMs: 3000, settleMs: 200, rebuildIntervalMs: 0, flushIntervalMs: 1000, maxInFlightFlows: 100,
    maxBufferedSpans: 10_000, now: () => clock.ms, ...overrides,
  });
  const events: [string, FlowChange, Flow][] = [];
  assembler.onFlow((flow, change) => events.push([flow.id, change, flow]));
  const advance = (ms: number): void => {
    clock.ms += ms;
    assembler.tick();
  };
  return { clock, store, assembler, events, advance };
}

/** The flow's graph edges as `from kind to operation` lines. */
export function edges(flow: Flow | undefined): string[] {
  return (flow?.graph.edges ?? []).map((e) => `${e.from} ${e.kind} ${e.to} ${e.operation}`);
}
