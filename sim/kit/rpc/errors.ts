/**
 * The two errors a caller of `RpcClient.call` sees, named as oslo.messaging names them.
 */

/** No reply arrived within the call's timeout (oslo.messaging `MessagingTimeout`). */
export class MessagingTimeout extends Error {
  override readonly name = 'MessagingTimeout';
  constructor(method: string, topic: string, timeoutMs: number) {
    super(`Timed out waiting for a reply to message ID for ${method} on topic ${topic} after ${timeoutMs} ms`);
  }
}

/**
 * The callee raised; re-raised on the caller (oslo.messaging deserialises the remote exception as
 * `<Class>_Remote`; here `excType` keeps the remote class name and `message` its text).
 */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  /** The remote exception's class name, e.g. `NoValidHost`. */
  readonly excType: string;
  /** The remote traceback as text (may be empty). */
  readonly remoteTraceback: string;
  constructor(excType: string, message: string, remoteTraceback = '') {
    super(message);
    this.excType = excType;
    this.remoteTraceback = remoteTraceback;
  }
}

export function isRemoteError(error: unknown, excType?: string): error is RemoteError {
  return error instanceof RemoteError && (excType === undefined || error.excType === excType);
}

/** Nobody consumes the target's queue, so the message could not be delivered (oslo.messaging `MessageUndeliverable`). */
export class MessageUndeliverable extends Error {
  override readonly name = 'MessageUndeliverable';
  constructor(method: string, queue: string) {
    super(`No server listens on ${queue}; ${method} was not delivered`);
  }
}
