import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Attr } from '../../core/attributes.js';
import { newRequestId } from '../../core/request-id.js';
import type { RequestContext } from '../../sim/kit/context.js';
import type { IncomingMessage } from '../../sim/kit/rpc/types.js';
import { assertSpan, onlySpan } from '../testing/assert-span.js';
import { memoryTracing } from '../testing/memory-tracing.js';
import type { MemoryTracing } from '../testing/memory-tracing.js';
import { rpcFixture } from '../testing/rpc-pair.js';
import type { RpcFixture } from '../testing/rpc-pair.js';
import { parentOf } from '../scope.js';
import { createDb } from '../../sim/kit/db.js';
import type { DropContext } from './client.js';

const fixtures: RpcFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.stop()));
});

const requestContext = (): RequestContext => ({ request_id: newRequestId(), global_request_id: null, user_id: 'u', project_id: 'p' });

/** conductor calls/casts to one scheduler and two computes; every handler records what it received. */
function cloud(dropContext?: DropContext) {
  const memory: MemoryTracing = memoryTracing(dropContext === undefined ? {} : { dropContext });
  const received: IncomingMessage[] = [];
  const handler = (reply: unknown) => async (message: IncomingMessage) => {
    received.push(message);
    if (message.method === 'explode') throw new Error('NoValidHost');
    await new Promise((resolve) => setImmediate(resolve));
    return { reply, traced: trace.getSpan(parentOf(message.context)) !== undefined };
  };
  const fixture = rpcFixture({ service: 'nova-conductor', host: 'controller' }, memory.hooks('nova-conductor'), [
    { topic: 'scheduler', host: 'controller', hooks: memory.hooks('nova-scheduler'), dispatcher: handler('hosts') },
    { topic: 'compute', host: 'compute-1', hooks: memory.hooks('nova-compute', 'compute-1'), dispatcher: handler('c1') },
    { topic: 'compute', host: 'compute-2', hooks: memory.hooks('nova-compute', 'compute-2'), dispatcher: handler('c2') },
  ]);
  fixtures.push(fixture);
  /** Waits until the servers have dispatched `count` messages (casts return before they run). */
  const settled = async (count: number) => {
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(count);
  };
  return { memory, client: fixture.client, received, settled };
}

describe('RPC shims', () => {
  it('pairs a call as CLIENT → SERVER with request ids on both sides', async () => {
    const { memory, client } = cloud();
    const ctx = requestContext();
    const reply = await client.call(ctx, { topic: 'scheduler', version: '4.5' }, 'select_destinations', { spec: {} });
    expect(reply).toEqual({ reply: 'hosts', traced: true });
    const spans = await memory.spans();
    const caller = onlySpan(spans, (s) => s.kind === SpanKind.CLIENT, 'client span');
    assertSpan(caller, {
      name: 'scheduler/select_destinations',
      parent: null,
      service: 'nova-conductor',
      attributes: {
        [Attr.rpcSystem]: 'oslo_messaging',
        [Attr.rpcService]: 'scheduler',
        [Attr.rpcMethod]: 'select_destinations',
        [Attr.messagingSystem]: 'oslo_messaging',
        [Attr.messagingOperationName]: 'call',
        [Attr.messagingDestination]: 'scheduler',
        [Attr.rpcVersion]: '4.5',
        [Attr.requestId]: ctx.request_id,
      },
      absent: [Attr.rpcFanout, Attr.globalRequestId],
    });
    const callee = onlySpan(spans, (s) => s.kind === SpanKind.SERVER, 'server span');
    assertSpan(callee, {
      name: 'scheduler/select_destinations',
      parent: caller,
      service: 'nova-scheduler',
      attributes: { [Attr.messagingOperationName]: 'call', [Attr.messagingOperationType]: 'process', [Attr.requestId]: ctx.request_id },
    });
    expect(callee.attributes[Attr.messagingConversationId]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('pairs a cast to one host as PRODUCER → CONSUMER, the consumer both child of and linked to the producer', async () => {
    const { memory, client, settled } = cloud();
    const ctx = requestContext();
    await client.cast(ctx, { topic: 'compute', server: 'compute-2', version: '6.0' }, 'build_and_run_instance', {});
    await settled(1);
    const spans = await memory.spans();
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER, 'producer');
    assertSpan(producer, {
      name: 'compute/build_and_run_instance',
      attributes: { [Attr.messagingOperationName]: 'cast', [Attr.messagingDestination]: 'compute.compute-2', [Attr.messagingDestinationTemplate]: 'compute.{host}' },
    });
    const consumer = onlySpan(spans, (s) => s.kind === SpanKind.CONSUMER, 'consumer');
    assertSpan(consumer, { parent: producer, links: [producer], attributes: { [Attr.requestId]: ctx.request_id, [Attr.messagingOperationName]: 'cast' } });
    expect(consumer.resource.attributes[Attr.hostName]).toBe('compute-2');
    expect(ctx).not.toHaveProperty('traceparent');
  });

  it('gives a fanout cast one PRODUCER and one CONSUMER per listening server', async () => {
    const { memory, client, settled } = cloud();
    await client.cast(requestContext(), { topic: 'compute', fanout: true }, 'update_instance_info', {});
    await settled(2);
    const spans = await memory.spans();
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER, 'producer');
    assertSpan(producer, { attributes: { [Attr.rpcFanout]: true, [Attr.messagingDestination]: 'compute_fanout' } });
    const consumers = spans.filter((s) => s.kind === SpanKind.CONSUMER);
    expect(consumers.map((c) => c.resource.attributes[Attr.serviceInstanceId]).sort()).toEqual(['nova-compute@compute-1', 'nova-compute@compute-2']);
    for (const consumer of consumers) assertSpan(consumer, { parent: producer, links: [producer], attributes: { [Attr.rpcFanout]: true } });
  });

  it('drops the trace context on the chosen hop: the consumer roots a new trace yet carries the request ids', async () => {
    const { memory, client, received, settled } = cloud(({ from, method }) => from === 'nova-conductor' && method === 'build_and_run_instance');
    const ctx = { ...requestContext(), global_request_id: newRequestId() };
    await client.cast(ctx, { topic: 'compute', server: 'compute-1' }, 'build_and_run_instance', {});
    await client.cast(ctx, { topic: 'compute', server: 'compute-1' }, 'reboot_instance', {});
    await settled(2);
    expect(received[0]!.envelope).not.toContain('_context_traceparent');
    expect(received[1]!.envelope).toContain('_context_traceparent');
    const spans = await memory.spans();
    const consumer = onlySpan(spans, (s) => s.kind === SpanKind.CONSUMER && s.attributes[Attr.rpcMethod] === 'build_and_run_instance', 'dropped consumer');
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER && s.attributes[Attr.rpcMethod] === 'build_and_run_instance', 'dropped producer');
    assertSpan(consumer, { parent: null, attributes: { [Attr.requestId]: ctx.request_id, [Attr.globalRequestId]: ctx.global_request_id } });
    expect(consumer.links).toEqual([]);
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
  });

  it('never forwards a stale traceparent: services see a context without trace keys, and the client re-injects its own', async () => {
    const { memory, client, received, settled } = cloud();
    const stale = { ...requestContext(), traceparent: '00-11111111111111111111111111111111-2222222222222222-01' };
    await client.cast(stale, { topic: 'compute', server: 'compute-1' }, 'terminate_instance', {});
    await settled(1);
    expect(received[0]!.context).not.toHaveProperty('traceparent');
    expect(stale.traceparent).toBe('00-11111111111111111111111111111111-2222222222222222-01');
    const spans = await memory.spans();
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER, 'producer');
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.CONSUMER, 'consumer'), { parent: producer });
  });

  it("parents a method's db statements and onward casts on its SERVER span, after awaits, with no context manager", async () => {
    const memory = memoryTracing();
    const db = memory.hooks('nova-scheduler').wrapDb!(createDb());
    const later: { onward?: RpcFixture } = {};
    const fixture = rpcFixture({ service: 'nova-conductor', host: 'controller' }, memory.hooks('nova-conductor'), [
      {
        topic: 'scheduler',
        host: 'controller',
        hooks: memory.hooks('nova-scheduler'),
        dispatcher: async (message) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          await db.run(message.context, { operation: 'SELECT', table: 'compute_nodes', database: 'nova_cell1' }, () => 1);
          await later.onward!.client.cast(message.context, { topic: 'compute', server: 'compute-1' }, 'prep_resize', {});
          return trace.getActiveSpan() !== undefined;
        },
      },
    ]);
    const onward = (later.onward = rpcFixture({ service: 'nova-scheduler', host: 'controller' }, memory.hooks('nova-scheduler'), [
      { topic: 'compute', host: 'compute-1', hooks: memory.hooks('nova-compute', 'compute-1'), dispatcher: async () => null },
    ]));
    fixtures.push(fixture, onward);
    expect(await fixture.client.call(requestContext(), { topic: 'scheduler' }, 'select_destinations', {})).toBe(false);
    await expect.poll(async () => (await memory.spans()).length).toBe(5);
    const spans = await memory.spans();
    const server = onlySpan(spans, (s) => s.kind === SpanKind.SERVER, 'server span');
    assertSpan(onlySpan(spans, (s) => s.name === 'SELECT compute_nodes', 'db span'), { parent: server, service: 'nova-scheduler' });
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER, 'producer');
    assertSpan(producer, { parent: server });
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.CONSUMER, 'consumer'), { parent: producer, service: 'nova-compute' });
  });

  it('marks both halves of a failed call as errors and rejects the caller', async () => {
    const { memory, client } = cloud();
    await expect(client.call(requestContext(), { topic: 'scheduler' }, 'explode', {})).rejects.toThrow(/NoValidHost/);
    const spans = await memory.spans();
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.CLIENT, 'client'), { status: SpanStatusCode.ERROR, attributes: { [Attr.errorType]: 'RemoteError' } });
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.SERVER, 'server'), { status: SpanStatusCode.ERROR, attributes: { [Attr.errorType]: 'Error' } });
  });

  it('keeps the trace context and counts a shim error when the fault switch itself throws', async () => {
    const { memory, client, settled } = cloud(() => {
      throw new Error('switch bug');
    });
    await client.cast(requestContext(), { topic: 'compute', server: 'compute-1' }, 'reboot_instance', {});
    await settled(1);
    const spans = await memory.spans();
    const producer = onlySpan(spans, (s) => s.kind === SpanKind.PRODUCER, 'producer');
    assertSpan(onlySpan(spans, (s) => s.kind === SpanKind.CONSUMER, 'consumer'), { parent: producer });
    expect(memory.tracing.stats().shimErrors).toBe(1);
  });
});
