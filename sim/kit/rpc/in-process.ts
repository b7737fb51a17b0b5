import type { Address, Deliver, RpcTransport } from './transport.js';

/**
 * The default transport: queues and fanout exchanges in memory. Every delivery happens on a later
 * turn of the event loop (`setImmediate`), so a cast never runs inside its caller's stack. A
 * message to an address nobody consumes is refused (publish resolves 0) rather than kept.
 */
export function createInProcessTransport(): RpcTransport {
  const consumers = new Map<string, Deliver[]>();
  const cursor = new Map<string, number>();
  const keyOf = (address: Address): string => ('queue' in address ? `q:${address.queue}` : `f:${address.fanout}`);
  return {
    publish: async (address, envelope) => {
      const key = keyOf(address);
      const list = consumers.get(key) ?? [];
      if (list.length === 0) return 0;
      if ('fanout' in address) {
        for (const deliver of list) setImmediate(deliver, envelope);
        return list.length;
      }
      const next = (cursor.get(key) ?? 0) % list.length;
      cursor.set(key, next + 1);
      setImmediate(list[next]!, envelope);
      return 1;
    },
    subscribe: (address, deliver) => {
      const key = keyOf(address);
      const wrapped: Deliver = (envelope) => deliver(envelope);
      consumers.set(key, [...(consumers.get(key) ?? []), wrapped]);
      return () => {
        const rest = (consumers.get(key) ?? []).filter((d) => d !== wrapped);
        if (rest.length === 0) consumers.delete(key);
        else consumers.set(key, rest);
      };
    },
  };
}
