import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context.js';
import { createRpcClient } from './client.js';
import { packRequest, unwrap } from './envelope.js';
import { MessageUndeliverable, MessagingTimeout, RemoteError } from './errors.js';
import { createInProcessTransport } from './in-process.js';
import { startRpcServer } from './server.js';
import type { IncomingMessage } from './types.js';

const context: RequestContext = {
  request_id: 'req-3b4e0f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  global_request_id: 'req-11111111-2222-4333-8444-555555555555',
  user_id: 'ee4d',
  project_id: 'a694',
  roles: ['admin', 'member'],
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const conductor = { service: 'nova-conductor', host: 'controller' };

describe('RPC envelope', () => {
  it('wraps the body as a JSON string under oslo.message with the context flattened', () => {
    const envelope = JSON.parse(packRequest(context, { topic: 'conductor', namespace: 'compute_task', version: '1.25' }, { method: 'schedule_and_build_instances', args: { x: 1 }, version: '1.25' })) as Record<string, unknown>;
    expect(envelope['oslo.version']).toBe('2.0');
    expect(typeof envelope['oslo.message']).toBe('string');
    const body = unwrap(JSON.stringify(envelope));
    expect(body).toMatchObject({
      method: 'schedule_and_build_instances',
      args: { x: 1 },
      namespace: 'compute_task',
      version: '1.25',
      _context_request_id: context.request_id,
      _context_global_request_id: context.global_request_id,
      _context_user: 'ee4d',
      _context_project_id: 'a694',
      _context_roles: ['admin', 'member'],
      _context_traceparent: context.traceparent,
    });
    expect(body['_unique_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(body).not.toHaveProperty('_msg_id');
  });

  it('refuses what is not an envelope', () => {
    expect(() => unwrap('{"method": "x"}')).toThrow(/oslo.messaging 2.0 envelope/);
  });
});

describe('RPC call, cast and fanout on the in-process transport', () => {
  it('delivers a call with _msg_id and _reply_q and returns the result, context intact', async () => {
    const transport = createInProcessTransport();
    const seen: IncomingMessage[] = [];
    const server = startRpcServer(transport, { topic: 'scheduler', server: 'controller' }, async (message) => {
      seen.push(message);
      return [{ host: 'compute-1' }];
    });
    const client = createRpcClient(transport, conductor);
    const result = await client.call(context, { topic: 'scheduler', version: '4.5' }, 'select_destinations', { spec: 1 });
    expect(result).toEqual([{ host: 'compute-1' }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.kind).toBe('call');
    expect(seen[0]!.context.request_id).toBe(context.request_id);
    expect(seen[0]!.context.global_request_id).toBe(context.global_request_id);
    expect(seen[0]!.context['traceparent']).toBe(context.traceparent);
    const body = unwrap(seen[0]!.envelope);
    expect(body['_msg_id']).toBe(seen[0]!.msgId);
    expect(body['_reply_q']).toMatch(/^reply_[0-9a-f]{32}$/);
    expect(body['_timeout']).toBe(60);
    await server.stop();
  });

  it('re-raises the remote exception on the caller', async () => {
    const transport = createInProcessTransport();
    class NoValidHost extends Error {
      override readonly name = 'NoValidHost';
    }
    const server = startRpcServer(transport, { topic: 'scheduler', server: 'controller' }, async () => {
      throw new NoValidHost('No valid host was found. There are not enough hosts available.');
    });
    const call = createRpcClient(transport, conductor).call(context, { topic: 'scheduler' }, 'select_destinations', {});
    await expect(call).rejects.toBeInstanceOf(RemoteError);
    await expect(call).rejects.toMatchObject({ excType: 'NoValidHost', message: 'No valid host was found. There are not enough hosts available.' });
    await server.stop();
  });

  it('times out a call nobody answers with MessagingTimeout', async () => {
    const transport = createInProcessTransport();
    const server = startRpcServer(transport, { topic: 'conductor', server: 'controller' }, () => new Promise((resolve) => setTimeout(resolve, 100)));
    const call = createRpcClient(transport, conductor).call(context, { topic: 'conductor' }, 'object_action', {}, { timeoutMs: 20 });
    await expect(call).rejects.toBeInstanceOf(MessagingTimeout);
    await server.stop();
  });

  it('refuses a call or cast to a queue nobody consumes', async () => {
    const client = createRpcClient(createInProcessTransport(), conductor);
    await expect(client.call(context, { topic: 'compute', server: 'nowhere' }, 'x', {})).rejects.toBeInstanceOf(MessageUndeliverable);
    await expect(client.cast(context, { topic: 'compute', server: 'nowhere' }, 'x', {})).rejects.toBeInstanceOf(MessageUndeliverable);
  });

  it('delivers a cast after the caller returns, to the named server only', async () => {
    const transport = createInProcessTransport();
    const got: string[] = [];
    const one = startRpcServer(transport, { topic: 'compute', server: 'compute-1' }, async (m) => void got.push(`compute-1:${m.kind}:${m.method}`));
    const two = startRpcServer(transport, { topic: 'compute', server: 'compute-2' }, async (m) => void got.push(`compute-2:${m.kind}:${m.method}`));
    await createRpcClient(transport, conductor).cast(context, { topic: 'compute', server: 'compute-2', version: '6.0' }, 'build_and_run_instance', {});
    expect(got).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['compute-2:cast:build_and_run_instance']);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('delivers a fanout cast to every server on the topic', async () => {
    const transport = createInProcessTransport();
    const got: string[] = [];
    const servers = ['scheduler-a', 'scheduler-b'].map((host) => startRpcServer(transport, { topic: 'scheduler', server: host }, async (m) => void got.push(`${host}:${m.kind}`)));
    await createRpcClient(transport, { service: 'nova-compute', host: 'compute-1' }).cast(context, { topic: 'scheduler', fanout: true }, 'update_instance_info', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(got.sort()).toEqual(['scheduler-a:fanout', 'scheduler-b:fanout']);
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('counts a cast that raised and keeps serving', async () => {
    const transport = createInProcessTransport();
    const errors: unknown[] = [];
    let calls = 0;
    const server = startRpcServer(
      transport,
      { topic: 'compute', server: 'compute-1' },
      async (m) => {
        calls += 1;
        if (m.method === 'boom') throw new Error('boom');
        return 'ok';
      },
      { onError: (error) => errors.push(error) },
    );
    const client = createRpcClient(transport, conductor);
    await client.cast(context, { topic: 'compute', server: 'compute-1' }, 'boom', {});
    expect(await client.call(context, { topic: 'compute', server: 'compute-1' }, 'ping', {})).toBe('ok');
    expect(calls).toBe(2);
    expect(server.stats.castFailures).toBe(1);
    expect(errors).toHaveLength(1);
    await server.stop();
  });

  it('refuses a malformed envelope, counts it and keeps serving', async () => {
    const transport = createInProcessTransport();
    const errors: unknown[] = [];
    const server = startRpcServer(transport, { topic: 'conductor', server: 'controller' }, async () => 'pong', { onError: (error) => errors.push(error) });
    for (const garbage of ['not json', '{"oslo.version": "1.0"}', JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': '{"args": {}}' })]) {
      expect(await transport.publish({ queue: 'conductor' }, garbage)).toBe(1);
    }
    expect(await createRpcClient(transport, conductor).call(context, { topic: 'conductor' }, 'ping', {})).toBe('pong');
    expect(server.stats.malformed).toBe(3);
    expect(errors).toHaveLength(3);
    await server.stop();
  });

  it('spreads messages to a shared topic across its servers, and stops delivering after stop', async () => {
    const transport = createInProcessTransport();
    const got: string[] = [];
    const servers = ['conductor-a', 'conductor-b'].map((host) => startRpcServer(transport, { topic: 'conductor', server: host }, async () => void got.push(host)));
    const client = createRpcClient(transport, { service: 'nova-api', host: 'controller' });
    for (let i = 0; i < 4; i += 1) await client.cast(context, { topic: 'conductor' }, 'schedule_and_build_instances', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(got.filter((h) => h === 'conductor-a')).toHaveLength(2);
    expect(got.filter((h) => h === 'conductor-b')).toHaveLength(2);
    await Promise.all(servers.map((s) => s.stop()));
    await expect(client.cast(context, { topic: 'conductor' }, 'schedule_and_build_instances', {})).rejects.toBeInstanceOf(MessageUndeliverable);
  });
});
