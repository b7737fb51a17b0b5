/**
 * Span pairs for inferred RPC hops, shaped as the instrumentation shims shape traced ones
 * (instrumentation/rpc/attributes.ts): a call is CLIENT → SERVER, a cast PRODUCER → CONSUMER, a
 * fanout the same with `openstack.rpc.fanout`; both halves are named `{topic}/{method}` and carry
 * `hoptrace.inferred=true`, because the logs never show who sent a message.
 */
import { Attr } from '../../core/attributes.js';
import { Service } from '../../core/services.js';
import { SpanKind } from '../../core/span.js';
import type { AttributeValue } from '../../core/span.js';
import type { Draft } from './draft.js';
import { contextAttributes, recordAttributes } from './draft.js';
import type { RpcHopPlan } from './rpc-hops.js';

const TOPICS: Readonly<Record<string, string>> = {
  [Service.novaConductor]: 'conductor',
  [Service.novaScheduler]: 'scheduler',
  [Service.novaCompute]: 'compute',
};

function rpcAttributes(plan: RpcHopPlan, side: 'send' | 'process'): Record<string, AttributeValue> {
  const topic = TOPICS[plan.entry.service] ?? plan.entry.service;
  const destination = plan.kind === 'fanout' ? `${topic}_fanout` : topic;
  const attributes: Record<string, AttributeValue> = {
    [Attr.inferred]: true,
    [Attr.rpcSystem]: 'oslo_messaging',
    [Attr.rpcService]: topic,
    [Attr.messagingSystem]: 'oslo_messaging',
    [Attr.messagingOperationName]: plan.kind === 'call' ? 'call' : 'cast',
    [Attr.messagingOperationType]: side,
    [Attr.messagingDestination]: destination,
  };
  if (plan.method !== '') attributes[Attr.rpcMethod] = plan.method;
  if (plan.kind === 'fanout') attributes[Attr.rpcFanout] = true;
  return attributes;
}

function spanName(plan: RpcHopPlan): string {
  const topic = TOPICS[plan.entry.service] ?? plan.entry.service;
  return plan.method === '' ? `${plan.kind} ${topic}` : `${topic}/${plan.method}`;
}

/**
 * The callee half. When the entry record itself logged the message it becomes this span (so it
 * gets the record's attributes and id); otherwise the record keeps its own event span as a child.
 */
export function calleeDraft(plan: RpcHopPlan, spanId: string): Draft {
  const base = plan.logged ? recordAttributes(plan.entry) : contextAttributes(plan.entry);
  return {
    spanId,
    parentSpanId: '',
    name: spanName(plan),
    kind: plan.kind === 'call' ? SpanKind.SERVER : SpanKind.CONSUMER,
    startUs: plan.startUs,
    endUs: Math.max(plan.endUs, plan.startUs),
    service: plan.entry.service,
    pid: plan.entry.record.pid,
    error: false,
    attributes: { ...base, ...rpcAttributes(plan, 'process') },
    links: [],
    entry: true,
    event: plan.logged ? plan.entry : undefined,
  };
}

/** The caller half: sent just before the callee's entry (a call then waits for the callee). */
export function callerDraft(plan: RpcHopPlan, callee: Draft, spanId: string): Draft {
  const start = Math.min(plan.sentUs, callee.startUs);
  return {
    spanId,
    parentSpanId: '',
    name: spanName(plan),
    kind: plan.kind === 'call' ? SpanKind.CLIENT : SpanKind.PRODUCER,
    startUs: start,
    endUs: plan.kind === 'call' ? Math.max(callee.endUs, start) : start,
    service: plan.caller.service,
    pid: plan.caller.record.pid,
    error: false,
    attributes: { ...contextAttributes(plan.caller), ...rpcAttributes(plan, 'send') },
    links: [],
    entry: false,
    event: undefined,
  };
}
