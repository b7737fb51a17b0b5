import type { ComponentInstance } from '../hooks.js';
import { isRecord, newHexId, packRequest, unwrap } from './envelope.js';
import { MessageUndeliverable, MessagingTimeout, RemoteError } from './errors.js';
import { fanoutOf, queueOf } from './transport.js';
import type { RpcTransport } from './transport.js';
import type { RpcClient } from './types.js';

export interface RpcClientOptions {
  /** How long a call waits for its reply when the call names no timeout (oslo `rpc_response_timeout`). @default 60000 */
  readonly defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * An oslo.messaging-like RPC client for one component. Calls share one reply queue
 * (`reply_<hex>`, as oslo keeps one per process), subscribed only while a call waits.
 * - call: resolves with the reply's `result`, rejects with RemoteError (the callee raised),
 *   MessagingTimeout, or MessageUndeliverable (no server on the queue);
 * - cast: resolves once the transport accepted it; MessageUndeliverable when nobody listens;
 * - fanout cast (`target.fanout`): resolves even when no server listens.
 * `_caller` names the sending component; the plain client does not use it, wrappers may.
 */
export function createRpcClient(transport: RpcTransport, _caller: ComponentInstance, options: RpcClientOptions = {}): RpcClient {
  const replyQueue = `reply_${newHexId()}`;
  const pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let unsubscribe: (() => void) | undefined;

  const onReply = (envelope: string): void => {
    let reply: Record<string, unknown>;
    try {
      reply = unwrap(envelope);
    } catch {
      return; // not a reply this client can read; the call it was meant for times out
    }
    const waiter = typeof reply['_msg_id'] === 'string' ? pending.get(reply['_msg_id']) : undefined;
    if (waiter === undefined) return; // a late reply to a call that already timed out
    const failure = reply['failure'];
    if (typeof failure === 'string') waiter.reject(toRemoteError(failure));
    else waiter.resolve(reply['result']);
  };
  const settle = (msgId: string): void => {
    pending.delete(msgId);
    if (pending.size === 0 && unsubscribe !== undefined) {
      unsubscribe();
      unsubscribe = undefined;
    }
  };

  return {
    call: async (context, target, method, args, callOptions) => {
      const timeoutMs = callOptions?.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
      const msgId = newHexId();
      const version = target.version ?? '1.0';
      const envelope = packRequest(context, target, { method, args, version, msgId, replyQueue, timeoutSeconds: timeoutMs / 1000 });
      unsubscribe ??= transport.subscribe({ queue: replyQueue }, onReply);
      const reply = new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new MessagingTimeout(method, target.topic, timeoutMs)), timeoutMs);
        pending.set(msgId, {
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
      });
      try {
        const address = queueOf(target.topic, target.server);
        if ((await transport.publish(address, envelope)) === 0) throw new MessageUndeliverable(method, address.queue);
        return await reply;
      } finally {
        pending.get(msgId)?.resolve(undefined); // clears the timer when publish failed
        settle(msgId);
      }
    },
    cast: async (context, target, method, args) => {
      const envelope = packRequest(context, target, { method, args, version: target.version ?? '1.0' });
      if (target.fanout === true) {
        await transport.publish(fanoutOf(target.topic), envelope);
        return;
      }
      const address = queueOf(target.topic, target.server);
      if ((await transport.publish(address, envelope)) === 0) throw new MessageUndeliverable(method, address.queue);
    },
  };
}

function toRemoteError(failure: string): RemoteError {
  try {
    const parsed: unknown = JSON.parse(failure);
    if (isRecord(parsed)) {
      const tb = Array.isArray(parsed['tb']) ? parsed['tb'].join('\n') : '';
      return new RemoteError(String(parsed['class'] ?? 'Exception'), String(parsed['message'] ?? ''), tb);
    }
  } catch {
    // fall through: an unparseable failure is still a failure
  }
  return new RemoteError('Exception', failure);
}
