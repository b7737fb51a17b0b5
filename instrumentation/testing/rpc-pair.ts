import { createRpcClient } from '../../sim/kit/rpc/client.js';
import { createInProcessTransport } from '../../sim/kit/rpc/in-process.js';
import { startRpcServer } from '../../sim/kit/rpc/server.js';
import type { RpcServer } from '../../sim/kit/rpc/server.js';
import type { RpcClient, RpcDispatcher } from '../../sim/kit/rpc/types.js';
import type { ComponentInstance, ServiceHooks } from '../../sim/kit/hooks.js';

/** A wrapped RPC client and wrapped servers on the kit's in-process bus, for shim tests. */
export interface RpcFixture {
  readonly client: RpcClient;
  readonly servers: readonly RpcServer[];
  stop(): Promise<void>;
}

export interface RpcServerSpec {
  readonly topic: string;
  readonly host: string;
  readonly hooks: ServiceHooks;
  readonly dispatcher: RpcDispatcher;
}

export function rpcFixture(caller: ComponentInstance, callerHooks: ServiceHooks, servers: readonly RpcServerSpec[]): RpcFixture {
  const transport = createInProcessTransport();
  const plain = createRpcClient(transport, caller, { defaultTimeoutMs: 5_000 });
  const started = servers.map((spec) =>
    startRpcServer(transport, { topic: spec.topic, server: spec.host }, spec.hooks.wrapDispatcher?.(spec.dispatcher) ?? spec.dispatcher),
  );
  return {
    client: callerHooks.wrapRpcClient?.(plain) ?? plain,
    servers: started,
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
