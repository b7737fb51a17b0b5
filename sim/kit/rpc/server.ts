import { isRecord, packReply, unpackContext, unwrap } from './envelope.js';
import { fanoutOf, queueOf } from './transport.js';
import type { Address, RpcTransport } from './transport.js';
import type { IncomingMessage, MessageKind, RpcDispatcher } from './types.js';

export interface RpcServerTarget {
  readonly topic: string;
  /** The host; the server also consumes `<topic>.<server>`. */
  readonly server: string;
}

export interface RpcServerOptions {
  /**
   * Told about every failure that has no caller to go to: a cast whose method raised, an envelope
   * that does not parse. The server keeps serving either way.
   */
  readonly onError?: (error: unknown, message: IncomingMessage | undefined) => void;
}

export interface RpcServer {
  /** Counts: messages dispatched, casts that raised, envelopes refused as malformed. */
  readonly stats: { readonly dispatched: number; readonly castFailures: number; readonly malformed: number };
  /** Stops consuming and waits for the methods already running (safe twice). */
  stop(): Promise<void>;
}

/**
 * Starts an oslo.messaging-like RPC server: consumes `<topic>`, `<topic>.<server>` and the
 * `<topic>_fanout` exchange, rebuilds each message (context from `_context_*`), runs the dispatcher,
 * and for a call publishes `{result | failure, ending: true, _msg_id}` to the caller's `_reply_q`.
 */
export function startRpcServer(transport: RpcTransport, target: RpcServerTarget, dispatcher: RpcDispatcher, options: RpcServerOptions = {}): RpcServer {
  const stats = { dispatched: 0, castFailures: 0, malformed: 0 };
  const running = new Set<Promise<void>>();
  const report = options.onError ?? (() => undefined);

  const handle = async (envelope: string, fanout: boolean): Promise<void> => {
    let message: IncomingMessage;
    let replyQueue: string | undefined;
    try {
      const body = unwrap(envelope);
      replyQueue = typeof body['_reply_q'] === 'string' ? body['_reply_q'] : undefined;
      message = toIncoming(body, envelope, target, fanout);
    } catch (error) {
      stats.malformed += 1;
      report(error, undefined);
      return;
    }
    stats.dispatched += 1;
    try {
      const result = await dispatcher(message);
      if (message.msgId !== undefined && replyQueue !== undefined) await transport.publish({ queue: replyQueue }, packReply(message.msgId, { result }));
    } catch (error) {
      if (message.msgId !== undefined && replyQueue !== undefined) {
        await transport.publish({ queue: replyQueue }, packReply(message.msgId, { error }));
      } else {
        stats.castFailures += 1;
        report(error, message);
      }
    }
  };
  const consume = (address: Address, fanout: boolean) =>
    transport.subscribe(address, (envelope) => {
      const work = handle(envelope, fanout)
        .catch((error: unknown) => report(error, undefined)) // the transport failed to take a reply
        .finally(() => running.delete(work));
      running.add(work);
    });

  const unsubscribes = [consume(queueOf(target.topic), false), consume(queueOf(target.topic, target.server), false), consume(fanoutOf(target.topic), true)];
  let stopping: Promise<void> | undefined;
  return {
    stats,
    stop: () => {
      stopping ??= (async () => {
        for (const unsubscribe of unsubscribes) unsubscribe();
        await Promise.allSettled([...running]);
      })();
      return stopping;
    },
  };
}

function toIncoming(body: Record<string, unknown>, envelope: string, target: RpcServerTarget, fanout: boolean): IncomingMessage {
  const method = body['method'];
  if (typeof method !== 'string' || method === '') throw new TypeError('message has no method');
  const args = body['args'] ?? {};
  if (!isRecord(args)) throw new TypeError(`args of ${method} is not an object`);
  const msgId = typeof body['_msg_id'] === 'string' ? body['_msg_id'] : undefined;
  const kind: MessageKind = fanout ? 'fanout' : msgId !== undefined ? 'call' : 'cast';
  return {
    kind,
    context: unpackContext(body),
    method,
    args,
    target: {
      topic: target.topic,
      server: target.server,
      ...(typeof body['namespace'] === 'string' ? { namespace: body['namespace'] } : {}),
      ...(typeof body['version'] === 'string' ? { version: body['version'] } : {}),
      ...(fanout ? { fanout: true } : {}),
    },
    uniqueId: typeof body['_unique_id'] === 'string' ? body['_unique_id'] : '',
    ...(msgId !== undefined ? { msgId } : {}),
    envelope,
  };
}
