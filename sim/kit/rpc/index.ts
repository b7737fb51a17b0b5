/** The RPC kit's public surface. */
export { createRpcClient } from './client.js';
export type { RpcClientOptions } from './client.js';
export { packContext, packReply, packRequest, unpackContext, unwrap, OSLO_VERSION } from './envelope.js';
export { MessageUndeliverable, MessagingTimeout, RemoteError, isRemoteError } from './errors.js';
export { createInProcessTransport } from './in-process.js';
export { startRpcServer } from './server.js';
export type { RpcServer, RpcServerOptions, RpcServerTarget } from './server.js';
export { fanoutOf, queueOf } from './transport.js';
export type { Address, Deliver, RpcTransport } from './transport.js';
export type { CallOptions, IncomingMessage, MessageKind, RpcClient, RpcDispatcher, Target } from './types.js';
