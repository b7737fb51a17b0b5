import type { RequestContext } from '../context.js';

/**
 * An RPC layer shaped like oslo.messaging. Contracts only; the bus lives beside this file.
 * Messages are always serialised into the real envelope (`oslo.version` 2.0, `oslo.message` as a
 * JSON string with `method`, `args`, `version`, `namespace`, `_unique_id`, `_msg_id`, `_reply_q`,
 * `_timeout` and the flattened `_context_<key>` entries), even on the in-process transport.
 */

/** Where a message goes: `topic` alone (any server), `topic.server` (one server), or fanout. */
export interface Target {
  readonly topic: string;
  readonly server?: string;
  readonly namespace?: string;
  readonly version?: string;
  /** Deliver a cast to every server listening on the topic (exchange `<topic>_fanout`). */
  readonly fanout?: boolean;
}

export interface CallOptions {
  /** How long `call` waits for the reply before rejecting with a MessagingTimeout. */
  readonly timeoutMs?: number;
}

/** The sending side, held by a service. The tracing shim decorates it. */
export interface RpcClient {
  /** Sends and waits for the reply; rejects with the remote error or a timeout. */
  call(context: RequestContext, target: Target, method: string, args: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  /** Sends and returns as soon as the message is handed to the transport (fanout if target.fanout). */
  cast(context: RequestContext, target: Target, method: string, args: Record<string, unknown>): Promise<void>;
}

export type MessageKind = 'call' | 'cast' | 'fanout';

/** One message as a server sees it after unpacking the envelope. */
export interface IncomingMessage {
  readonly kind: MessageKind;
  /** The context rebuilt from the `_context_<key>` entries. */
  readonly context: RequestContext;
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The listener's topic and server, and the message's namespace and version. */
  readonly target: Target;
  readonly uniqueId: string;
  /** `_msg_id` of a call; undefined for casts. */
  readonly msgId?: string;
  /** The serialised envelope exactly as it travelled. */
  readonly envelope: string;
}

/** The receiving side: runs the method and returns its result (the reply of a call). */
export type RpcDispatcher = (message: IncomingMessage) => Promise<unknown>;
