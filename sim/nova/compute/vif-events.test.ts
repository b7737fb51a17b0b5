import { describe, expect, it } from 'vitest';
import { VifEventWaiter } from './vif-events.js';

describe('VifEventWaiter', () => {
  it('resolves true when the expected event is delivered', async () => {
    const waiter = new VifEventWaiter();
    const plugged = waiter.expect('vm', 'port-1', 5_000);
    expect(waiter.deliver('vm', 'port-1')).toBe(true);
    await expect(plugged).resolves.toBe(true);
  });

  it('resolves false on timeout, and a late event finds nobody waiting', async () => {
    const waiter = new VifEventWaiter();
    await expect(waiter.expect('vm', 'port-1', 5)).resolves.toBe(false);
    expect(waiter.deliver('vm', 'port-1')).toBe(false);
  });

  it('does not confuse ports or instances', () => {
    const waiter = new VifEventWaiter();
    void waiter.expect('vm', 'port-1', 50);
    expect(waiter.deliver('vm', 'port-2')).toBe(false);
    expect(waiter.deliver('other', 'port-1')).toBe(false);
    expect(waiter.deliver('vm', 'port-1')).toBe(true);
  });
});
