/**
 * nova-compute's wait for neutron's `network-vif-plugged` events during spawn
 * (`wait_for_instance_event`). Expectations are registered before the port is bound, so an event
 * that arrives early is never missed; an event nobody expects is dropped (and reported as such). With `vif_plugging_is_fatal = False` semantics: a timeout
 * is reported to the caller, who logs it and carries on.
 */
export class VifEventWaiter {
  readonly #waiting = new Map<string, () => void>();

  /** Starts expecting the event; the returned promise resolves true on arrival, false on timeout. */
  expect(instanceUuid: string, portId: string, timeoutMs: number): Promise<boolean> {
    const key = `${instanceUuid}/${portId}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        resolve(false);
      }, timeoutMs);
      timer.unref(); // a wait never keeps the process alive on its own
      this.#waiting.set(key, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Delivers an event; true when someone was waiting for it. */
  deliver(instanceUuid: string, portId: string): boolean {
    const key = `${instanceUuid}/${portId}`;
    const waiter = this.#waiting.get(key);
    if (waiter === undefined) return false;
    this.#waiting.delete(key);
    waiter();
    return true;
  }
}
