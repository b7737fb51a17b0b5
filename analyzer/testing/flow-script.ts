/**
 * Writes the spans of one OpenStack request the way hoptrace's shims emit them (tracing.md §3/§4):
 * REST CLIENT/SERVER pairs with `http.*`, RPC calls as CLIENT/SERVER with `rpc.system`, casts and
 * fanouts as PRODUCER/CONSUMER with `messaging.*`, database CLIENT spans with `db.system.name`, and
 * the OpenStack request ids on every span. Tests then break the spans on purpose.
 */
import { Attr } from '../../core/attributes.js';
import { SpanKind } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import type { SpanFactory } from './spans.js';

/** Where each REST service listens in scripted flows (the analyzer maps these back to names). */
export const SCRIPT_ENDPOINTS: Readonly<Record<string, string>> = {
  'keystone.test:5000': 'keystone',
  'nova.test:8774': 'nova-api',
  'glance.test:9292': 'glance',
  'neutron.test:9696': 'neutron',
  'placement.test:8778': 'placement',
};

const TOPIC_OF: Readonly<Record<string, string>> = {
  'nova-conductor': 'conductor',
  'nova-scheduler': 'scheduler',
  'nova-compute': 'compute.cmp-01',
};

function endpointOf(service: string): string {
  return Object.entries(SCRIPT_ENDPOINTS).find(([, name]) => name === service)?.[0] ?? `${service}.test:80`;
}

export class FlowScript {
  readonly spans: Span[] = [];
  /** The flow key: nova-api's local id of the user's request. */
  readonly requestId: string;
  /** The first local id minted by each REST callee, by service. */
  readonly aliases = new Map<string, string>();
  readonly #factory: SpanFactory;

  constructor(factory: SpanFactory, requestId = factory.requestId()) {
    this.#factory = factory;
    this.requestId = requestId;
  }

  /** The user's request: the root SERVER span in nova-api. */
  root(method: string, route: string, operation: string, startUs: number, durationUs: number, instanceUuid?: string): Span {
    return this.#push({
      service: 'nova-api', kind: SpanKind.SERVER, name: `${method} ${route}`, startUs, durationUs, requestId: this.requestId,
      attributes: {
        [Attr.httpMethod]: method, [Attr.httpRoute]: route, [Attr.operation]: operation, [Attr.httpStatusCode]: 202,
        ...(instanceUuid === undefined ? {} : { [Attr.instanceUuid]: instanceUuid }),
      },
    });
  }

  /** A REST call from `caller` to `service`; returns [client, server]. */
  http(caller: Span, service: string, method: string, route: string, startUs: number, durationUs: number): [Span, Span] {
    const calleeId = this.#factory.requestId();
    if (!this.aliases.has(service)) this.aliases.set(service, calleeId);
    const [host, port] = endpointOf(service).split(':');
    const client = this.#push({
      service: caller.resource.serviceName, kind: SpanKind.CLIENT, name: method, startUs, durationUs, parent: caller,
      requestId: this.requestId,
      attributes: {
        [Attr.httpMethod]: method, [Attr.urlFull]: `http://${host}:${port}${route.replace(/\{[^}]+\}/g, 'c0ffee00-0000-4000-8000-00000000000a')}`, [Attr.serverAddress]: host ?? '',
        [Attr.serverPort]: Number(port), [Attr.calleeRequestId]: calleeId, [Attr.httpStatusCode]: 200,
      },
    });
    const server = this.#push({
      service, kind: SpanKind.SERVER, name: `${method} ${route}`, startUs: startUs + 100, durationUs: durationUs - 200,
      parent: client, requestId: calleeId, globalRequestId: this.requestId,
      attributes: { [Attr.httpMethod]: method, [Attr.httpRoute]: route, [Attr.httpStatusCode]: 200 },
    });
    return [client, server];
  }

  /** An RPC call (`cctxt.call`); returns [client, server]. */
  call(caller: Span, service: string, method: string, startUs: number, durationUs: number): [Span, Span] {
    const topic = TOPIC_OF[service] ?? service;
    const rpc = { [Attr.rpcSystem]: 'oslo_messaging', [Attr.rpcMethod]: method, [Attr.messagingDestination]: topic, [Attr.serverAddress]: topic };
    const client = this.#push({
      service: caller.resource.serviceName, kind: SpanKind.CLIENT, name: method, startUs, durationUs, parent: caller,
      requestId: this.requestId, attributes: rpc,
    });
    const server = this.#push({
      service, kind: SpanKind.SERVER, name: method, startUs: startUs + 100, durationUs: durationUs - 200, parent: client,
      requestId: this.requestId, attributes: rpc,
    });
    return [client, server];
  }

  /** An RPC cast, or a fanout cast when `fanout`; returns [producer, consumer]. */
  cast(caller: Span, service: string, method: string, startUs: number, durationUs: number, fanout = false): [Span, Span] {
    const topic = fanout ? `${TOPIC_OF[service] ?? service}_fanout` : (TOPIC_OF[service] ?? service);
    const messaging = {
      [Attr.rpcSystem]: 'oslo_messaging', [Attr.rpcMethod]: method, [Attr.messagingSystem]: 'rabbitmq',
      [Attr.messagingDestination]: topic, [Attr.rpcFanout]: fanout,
    };
    const producer = this.#push({
      service: caller.resource.serviceName, kind: SpanKind.PRODUCER, name: `cast ${topic}`, startUs, durationUs: 50,
      parent: caller, requestId: this.requestId, attributes: { ...messaging, [Attr.messagingOperationName]: 'cast' },
    });
    const consumer = this.#push({
      service, kind: SpanKind.CONSUMER, name: `process ${topic}`, startUs: startUs + 200, durationUs, parent: producer,
      requestId: this.requestId, attributes: { ...messaging, [Attr.messagingOperationName]: 'process' },
    });
    return [producer, consumer];
  }

  /** A database access from `caller`. */
  db(caller: Span, operation: string, table: string, startUs: number, durationUs = 300): Span {
    return this.#push({
      service: caller.resource.serviceName, kind: SpanKind.CLIENT, name: `${operation} ${table}`, startUs, durationUs,
      parent: caller, requestId: this.requestId,
      attributes: { [Attr.dbSystem]: 'sqlite', [Attr.dbOperation]: operation, [Attr.dbCollection]: table },
    });
  }

  #push(spec: Parameters<SpanFactory['span']>[0]): Span {
    const span = this.#factory.span(spec);
    this.spans.push(span);
    return span;
  }
}
