/**
 * Moves serialised envelopes between RPC clients and servers; knows nothing of their content.
 * Addresses follow oslo.messaging's AMQP topology (openstack.md §2.1):
 * - queue `<topic>`: shared by every server on the topic, each message to one of them (round robin);
 * - queue `<topic>.<server>`: one server;
 * - fanout exchange `<topic>_fanout`: every server on the topic gets a copy;
 * - queue `reply_<hex>`: a caller's reply queue.
 */
export type Address = { readonly queue: string } | { readonly fanout: string };

/** Receives one envelope. Called asynchronously, never inside the sender's stack. */
export type Deliver = (envelope: string) => void;

export interface RpcTransport {
  /** Hands `envelope` over for delivery; resolves with how many consumers will receive it (0: nobody listens). */
  publish(address: Address, envelope: string): Promise<number>;
  /** Starts consuming; the returned function stops (safe twice). */
  subscribe(address: Address, deliver: Deliver): () => void;
}

export function queueOf(topic: string, server?: string): { readonly queue: string } {
  return { queue: server === undefined ? topic : `${topic}.${server}` };
}

export function fanoutOf(topic: string): Address {
  return { fanout: `${topic}_fanout` };
}
