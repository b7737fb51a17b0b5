import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '../../core/flow.js';
import { CompletionGrace } from './completion-grace.js';
import { CLEAN_BOOT } from './testing/boot-lines.js';
import { makeFlow } from './testing/flows.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  vi.useFakeTimers();
  const over: [Flow, boolean][] = [];
  const grace = new CompletionGrace(100, (flow, stale) => over.push([flow, stale]));
  return { grace, over };
}

describe('CompletionGrace', () => {
  it('hands over the version a flow completed with, once its grace is over', () => {
    const { grace, over } = setup();
    const flow = makeFlow('boot', CLEAN_BOOT);
    grace.wait(flow);
    grace.saw(flow);
    vi.advanceTimersByTime(99);
    expect(over).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(over).toEqual([[flow, false]]);
  });

  it('marks the version stale when another version of the flow, or a flow absorbing it, is seen', () => {
    const { grace, over } = setup();
    const reopened = makeFlow('boot', CLEAN_BOOT);
    const absorbed = makeFlow('boot', CLEAN_BOOT);
    grace.wait(reopened);
    grace.wait(absorbed);
    grace.saw({ ...reopened, status: 'in_progress' });
    grace.saw({ ...makeFlow('boot', CLEAN_BOOT), aliases: ['req-other', absorbed.id] });
    vi.advanceTimersByTime(100);
    expect(over).toEqual([[reopened, true], [absorbed, true]]);
  });

  it('starts the grace again for a later completion, and ends none after clear', () => {
    const { grace, over } = setup();
    const first = makeFlow('boot', CLEAN_BOOT);
    const again = { ...first, updatedUs: first.updatedUs + 1 };
    grace.wait(first);
    vi.advanceTimersByTime(60);
    grace.saw(again);
    grace.wait(again);
    vi.advanceTimersByTime(60);
    expect(over).toEqual([]);
    vi.advanceTimersByTime(40);
    expect(over).toEqual([[again, false]]);
    grace.wait(first);
    grace.clear();
    vi.advanceTimersByTime(200);
    expect(over).toHaveLength(1);
  });
});
