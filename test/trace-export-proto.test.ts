/**
 * The default wire format end to end: a traced boot exports OTLP/protobuf (the SDK's default
 * encoding here), and the collector's own protobuf decoder reads back spans in hoptrace's model
 * with the kinds, request ids and resources the analyzer keys on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtoRequest } from '../collector/otlp/decode-proto.js';
import { Attr } from '../core/attributes.js';
import { SpanKind } from '../core/span.js';
import type { Span } from '../core/span.js';
import { createTracing } from '../instrumentation/index.js';
import type { Tracing } from '../instrumentation/index.js';
import { startOtlpReceiver } from '../instrumentation/testing/otlp-receiver.js';
import type { OtlpTestReceiver } from '../instrumentation/testing/otlp-receiver.js';
import { startCloud } from '../sim/cloud.js';
import type { Cloud } from '../sim/cloud.js';
import { CIRROS_IMAGE, NETWORKS } from '../sim/kit/devstack.js';
import { novaClient } from '../sim/nova/testing/client.js';

let receiver: OtlpTestReceiver;
let tracing: Tracing;
let cloud: Cloud;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = createTracing({ endpoint: receiver.endpoint, batch: { scheduledDelayMillis: 50 } });
  cloud = await startCloud({ ephemeralPorts: true, hooksFor: tracing.hooksFor, stepDelayMs: 5 });
});

afterAll(async () => {
  await cloud?.shutdown();
  await tracing?.shutdown();
  await receiver?.close();
});

function decodedSpans(): Span[] {
  return receiver.requests.flatMap((request) => {
    expect(request.contentType).toBe('application/x-protobuf');
    return decodeProtoRequest(request.body);
  });
}

describe('OTLP/protobuf from the shims', () => {
  it('decodes with the collector into spans that carry the flow request id across every component', async () => {
    const nova = await novaClient(cloud.endpoints['nova-api'], cloud.endpoints.keystone);
    const privateNet = NETWORKS.find((n) => n.name === 'private')!.id;
    const created = await nova.request('POST', '/v2.1/servers', { body: { server: { name: 'vm-proto', imageRef: CIRROS_IMAGE.id, flavorRef: '42', networks: [{ uuid: privateNet }] } } });
    const id = (created.body as { server: { id: string } }).server.id;
    const flowId = created.headers.get('x-openstack-request-id')!;
    await nova.waitFor(id, (s) => s?.['status'] === 'ACTIVE');

    const consumerOfBuild = (spans: Span[]) => spans.find((s) => s.kind === SpanKind.CONSUMER && s.attributes[Attr.rpcMethod] === 'build_and_run_instance');
    await expect
      .poll(async () => {
        await tracing.forceFlush();
        return consumerOfBuild(decodedSpans()) !== undefined;
      })
      .toBe(true);
    const spans = decodedSpans();
    const flow = spans.filter((s) => s.attributes[Attr.requestId] === flowId || s.attributes[Attr.globalRequestId] === flowId);
    expect(new Set(flow.map((s) => s.resource.serviceName))).toEqual(new Set(['nova-api', 'glance', 'neutron', 'nova-conductor', 'nova-scheduler', 'placement', 'nova-compute']));

    const root = flow.find((s) => s.kind === SpanKind.SERVER && s.parentSpanId === '');
    expect(root).toMatchObject({ name: 'POST /v2.1/servers', resource: { serviceName: 'nova-api' }, attributes: { [Attr.operation]: 'boot', [Attr.instanceUuid]: id } });
    const producer = flow.find((s) => s.kind === SpanKind.PRODUCER && s.attributes[Attr.rpcMethod] === 'build_and_run_instance');
    const consumer = consumerOfBuild(flow);
    expect(consumer?.parentSpanId).toBe(producer?.spanId);
    expect(consumer?.links).toEqual([expect.objectContaining({ traceId: producer?.traceId, spanId: producer?.spanId })]);
    expect(consumer?.resource.attributes[Attr.hostName]).toBe('compute-1');
    expect(producer?.attributes).toMatchObject({ [Attr.messagingDestination]: 'compute.compute-1', [Attr.rpcSystem]: 'oslo_messaging', [Attr.messagingOperationName]: 'cast' });
    expect(flow.every((s) => s.traceId === root?.traceId)).toBe(true);
  });
});
