import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { Attr } from '../core/attributes.js';
import { newRequestId } from '../core/request-id.js';
import type { RequestContext } from '../sim/kit/context.js';
import { createDb } from '../sim/kit/db.js';
import type { Db } from '../sim/kit/db.js';
import type { ServiceHooks } from '../sim/kit/hooks.js';
import { createTracing } from './sdk.js';
import type { Tracing } from './sdk.js';
import { memoryTracing } from './testing/memory-tracing.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import type { OtlpTestReceiver } from './testing/otlp-receiver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const ctx = (): RequestContext => ({ request_id: newRequestId(), global_request_id: null, user_id: null, project_id: null });

/** One traced db statement under the given component's hooks. */
async function touchDb(hooks: ServiceHooks, table: string): Promise<void> {
  const db = hooks.wrapDb?.(createDb()) as Db;
  await db.run(ctx(), { operation: 'SELECT', table, database: 'nova_api' }, () => 1);
}

async function receiver(): Promise<OtlpTestReceiver> {
  const started = await startOtlpReceiver();
  cleanups.push(() => started.close());
  return started;
}

function tracing(options: Parameters<typeof createTracing>[0]): Tracing {
  const created = createTracing(options);
  cleanups.push(() => created.shutdown());
  return created;
}

describe('createTracing', () => {
  it('hosts several services in one process, each under its own resource', async () => {
    const memory = memoryTracing();
    cleanups.push(() => memory.tracing.shutdown());
    await touchDb(memory.hooks('nova-api'), 'build_requests');
    await touchDb(memory.hooks('nova-conductor'), 'instances');
    await touchDb(memory.hooks('nova-compute', 'compute-1'), 'instances');
    await touchDb(memory.hooks('nova-compute', 'compute-2'), 'instances');
    const resources = (await memory.spans()).map((s) => s.resource.attributes);
    expect(resources.map((r) => [r[Attr.serviceName], r[Attr.serviceInstanceId], r[Attr.hostName]])).toEqual([
      ['nova-api', 'nova-api@controller', 'controller'],
      ['nova-conductor', 'nova-conductor@controller', 'controller'],
      ['nova-compute', 'nova-compute@compute-1', 'compute-1'],
      ['nova-compute', 'nova-compute@compute-2', 'compute-2'],
    ]);
    expect(resources[0]!['telemetry.sdk.language']).toBe('nodejs');
    expect(memory.hooks('nova-api')).toBe(memory.hooks('nova-api'));
  });

  it('sends real OTLP/JSON to the endpoint, one resource per component', async () => {
    const endpoint = await receiver();
    const traced = tracing({ endpoint: endpoint.endpoint, encoding: 'json' });
    await touchDb(traced.hooksFor({ service: 'glance', host: 'controller' }), 'images');
    await touchDb(traced.hooksFor({ service: 'neutron', host: 'controller' }), 'ports');
    await traced.forceFlush();
    expect(endpoint.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    const spans = endpoint.spans();
    expect(spans.map((s) => [s.service, s.name, s.kind]).sort()).toEqual([
      ['glance', 'SELECT images', 3],
      ['neutron', 'SELECT ports', 3],
    ]);
    expect(spans[0]!.attributes[Attr.dbSystem]).toBe('mysql');
    expect(traced.stats()).toEqual({ exportedSpans: 2, failedExports: 0, failedSpans: 0, shimErrors: 0 });
  });

  it('sends protobuf by default', async () => {
    const endpoint = await receiver();
    const traced = tracing({ endpoint: endpoint.endpoint });
    await touchDb(traced.hooksFor({ service: 'placement', host: 'controller' }), 'allocations');
    await traced.forceFlush();
    const [request] = endpoint.requests;
    expect(request?.contentType).toBe('application/x-protobuf');
    expect(request?.body[0]).toBe(0x0a); // field 1 (resource_spans), length-delimited
    expect(request?.body.includes(Buffer.from('SELECT allocations'))).toBe(true);
  });

  it('reports a refused export to the one error handler, counts it, and never throws into the host', async () => {
    const endpoint = await receiver();
    endpoint.answerWith(400);
    const errors: Error[] = [];
    const traced = tracing({ endpoint: endpoint.endpoint, encoding: 'json', onError: (e) => errors.push(e) });
    await touchDb(traced.hooksFor({ service: 'cinder', host: 'controller' }), 'volumes');
    await traced.forceFlush();
    expect(errors).toHaveLength(1);
    expect(traced.stats()).toEqual({ exportedSpans: 0, failedExports: 1, failedSpans: 1, shimErrors: 0 });
  });

  it('survives an exporter that throws and an error handler that throws', async () => {
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('exporter bug');
      },
      shutdown: async () => {
        throw new Error('shutdown bug');
      },
    };
    const traced = createTracing({ exporter: throwing, onError: () => { throw new Error('handler bug'); } });
    await touchDb(traced.hooksFor({ service: 'keystone', host: 'controller' }), 'token');
    await traced.forceFlush();
    expect(traced.stats().failedExports).toBe(1);
    await expect(traced.shutdown()).resolves.toBeUndefined();
  });

  it('shuts down once, flushing what was pending, and hands out empty hooks afterwards', async () => {
    const exported: ReadableSpan[] = [];
    let shutdowns = 0;
    const exporter: SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans);
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {
        shutdowns += 1;
      },
    };
    const traced = createTracing({ exporter, batch: { scheduledDelayMillis: 60_000 } });
    await touchDb(traced.hooksFor({ service: 'nova-api', host: 'controller' }), 'instances');
    await touchDb(traced.hooksFor({ service: 'glance', host: 'controller' }), 'images');
    await Promise.all([traced.shutdown(), traced.shutdown()]);
    await traced.shutdown();
    expect(exported.map((s) => s.name).sort()).toEqual(['SELECT images', 'SELECT instances']);
    expect(shutdowns).toBe(1);
    expect(traced.hooksFor({ service: 'nova-api', host: 'controller' })).toEqual({});
  });

  it('refuses bad options with one message naming every problem', () => {
    expect(() => createTracing({ endpoint: 'localhost:4318', encoding: 'xml' as 'json', batch: { maxQueueSize: 10, maxExportBatchSize: 20, scheduledDelayMillis: -1 } })).toThrow(
      'invalid tracing options: endpoint: "localhost:4318" is not an http(s) URL; encoding: "xml" is neither "protobuf" nor "json"; batch.scheduledDelayMillis: -1 must be an integer >= 0; batch.maxExportBatchSize: 20 exceeds batch.maxQueueSize 10',
    );
  });
});
