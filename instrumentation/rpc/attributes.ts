import type { Attributes } from '@opentelemetry/api';
import { Attr } from '../../core/attributes.js';
import type { Target } from '../../sim/kit/rpc/types.js';
import { instanceUuidOf } from './instance.js';

/**
 * Attributes and names shared by both sides of an oslo.messaging hop.
 *
 * Names: every RPC span is named `{topic}/{method}` (`compute/build_and_run_instance`), on the
 * call and the cast side alike, so a trace view reads as the method calls it is; the span kind
 * says call (CLIENT/SERVER) or cast (PRODUCER/CONSUMER), `messaging.operation.name` says `call`
 * or `cast`, and `openstack.rpc.fanout` marks a fanout.
 *
 * Destinations: the sender knows the routing key (`compute.compute-1`, `conductor`,
 * `scheduler_fanout`); a listener only knows it consumed its topic, so the callee side names the
 * topic (or `<topic>_fanout`). `messaging.destination.template` is the host-free form
 * (`compute.{host}`) on both sides.
 */
export const RPC_SYSTEM = 'oslo_messaging';

/** `call` for a call; `cast` for a cast and a fanout cast (oslo's verbs). */
export type RpcVerb = 'call' | 'cast';

export function rpcSpanName(topic: string, method: string): string {
  return `${topic}/${method}`;
}

/** The routing key as the sender addresses it. */
export function senderDestination(target: Target): { name: string; template: string } {
  if (target.fanout === true) return { name: `${target.topic}_fanout`, template: `${target.topic}_fanout` };
  if (target.server !== undefined) return { name: `${target.topic}.${target.server}`, template: `${target.topic}.{host}` };
  return { name: target.topic, template: target.topic };
}

/** The destination as a listener knows it: its topic, or the topic's fanout exchange. */
export function listenerDestination(topic: string, fanout: boolean): { name: string; template: string } {
  const name = fanout ? `${topic}_fanout` : topic;
  return { name, template: name };
}

export interface RpcHop {
  readonly topic: string;
  readonly method: string;
  readonly verb: RpcVerb;
  readonly fanout: boolean;
  readonly side: 'send' | 'process';
  readonly destination: { name: string; template: string };
  readonly version?: string;
  readonly namespace?: string;
}

export function rpcAttributes(hop: RpcHop): Attributes {
  const attributes: Attributes = {
    [Attr.rpcSystem]: RPC_SYSTEM,
    [Attr.rpcService]: hop.topic,
    [Attr.rpcMethod]: hop.method,
    [Attr.messagingSystem]: RPC_SYSTEM,
    [Attr.messagingOperationName]: hop.verb,
    [Attr.messagingOperationType]: hop.side,
    [Attr.messagingDestination]: hop.destination.name,
    [Attr.messagingDestinationTemplate]: hop.destination.template,
  };
  if (hop.fanout) attributes[Attr.rpcFanout] = true;
  if (hop.version !== undefined) attributes[Attr.rpcVersion] = hop.version;
  if (hop.namespace !== undefined) attributes[Attr.rpcNamespace] = hop.namespace;
  return attributes;
}

/** Adds `openstack.instance_uuid` when the message's arguments name one server; returns `attributes`. */
export function addInstanceAttribute(attributes: Attributes, args: Readonly<Record<string, unknown>>): Attributes {
  const uuid = instanceUuidOf(args);
  if (uuid !== undefined) attributes[Attr.instanceUuid] = uuid;
  return attributes;
}

/** Attributes of an `instance.state` event. */
export function stateAttributes(state: { vmState?: string; taskState?: string }): Attributes {
  const attributes: Attributes = {};
  if (state.vmState !== undefined) attributes[Attr.vmState] = state.vmState;
  if (state.taskState !== undefined) attributes[Attr.taskState] = state.taskState;
  return attributes;
}
