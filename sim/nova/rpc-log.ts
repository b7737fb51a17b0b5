import type { Logger } from '../kit/log.js';
import type { RpcDispatcher } from '../kit/rpc/types.js';

/**
 * Logs every message a nova RPC server receives, with the message's context (so the line
 * carries the flow's request id): `Received <call|cast|fanout> <method> on <topic>.<listening
 * server> (version <v>[, namespace <ns>])`, or `on <topic>_fanout` for a fanout.
 */
export function loggingDispatcher(dispatcher: RpcDispatcher, log: Logger): RpcDispatcher {
  return (message) => {
    const { topic, server, version, namespace } = message.target;
    const where = message.kind === 'fanout' ? `${topic}_fanout` : server === undefined ? topic : `${topic}.${server}`;
    const details = [`version ${version ?? '-'}`, ...(namespace ? [`namespace ${namespace}`] : [])].join(', ');
    log.debug(`Received ${message.kind} ${message.method} on ${where} (${details})`, { context: message.context });
    return dispatcher(message);
  };
}
