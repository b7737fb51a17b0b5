/**
 * Names the callee of a caller half that has no paired callee span (tracing.md §7.1's virtual
 * node): the database for db spans, `peer.service` when set, the service behind a known endpoint,
 * the nova service behind an RPC topic, and finally the service a well-known URL path belongs to.
 */
import { Attr } from '../../core/attributes.js';
import { DATABASE_COMPONENT, Service } from '../../core/services.js';
import { attributeOf, stringAttribute } from '../../core/span.js';
import type { Span } from '../../core/span.js';
import { isDbSpan, isRpcSpan } from './span-facts.js';

/** Maps `host:port` (or bare `host`) of REST endpoints to component names. */
export type Endpoints = Readonly<Record<string, string>>;

const TOPIC_SERVICES: Readonly<Record<string, string>> = {
  conductor: Service.novaConductor,
  scheduler: Service.novaScheduler,
  compute: Service.novaCompute,
  'compute-alt': Service.novaCompute,
};

/** Path prefixes of the OpenStack APIs (openstack.md §5.1), most specific first. */
const PATH_SERVICES: readonly (readonly [RegExp, string])[] = [
  [/^\/(?:identity\/)?v3\//, Service.keystone],
  [/^\/(?:compute\/)?v2(?:\.1)?\/(?:servers|flavors|os-|limits|extensions)/, Service.novaApi],
  [/^\/(?:image\/)?v2\/(?:images|schemas)/, Service.glance],
  [/^\/(?:networking\/)?v2\.0\//, Service.neutron],
  [/^\/(?:placement\/)?(?:allocation_candidates|allocations|resource_providers|traits|resource_classes)/, Service.placement],
  [/^\/(?:volume\/)?v3\/[^/]+\/(?:volumes|attachments)/, Service.cinder],
];

/** `compute.cmp-01` → nova-compute, `scheduler_fanout` → nova-scheduler. */
export function serviceOfTopic(topic: string): string | undefined {
  const base = topic.split('.')[0]!.replace(/_fanout$/, '');
  return TOPIC_SERVICES[base];
}

export function serviceOfPath(path: string): string | undefined {
  return PATH_SERVICES.find(([pattern]) => pattern.test(path))?.[1];
}

function serviceOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return serviceOfPath(new URL(url).pathname);
  } catch {
    return undefined;
  }
}

export function peerOf(span: Span, endpoints: Endpoints): string {
  if (isDbSpan(span)) return DATABASE_COMPONENT;
  const peer = stringAttribute(span, Attr.peerService);
  if (peer !== undefined) return peer;
  const address = stringAttribute(span, Attr.serverAddress);
  if (isRpcSpan(span)) {
    const topic = stringAttribute(span, Attr.messagingDestination) ?? address;
    return (topic === undefined ? undefined : serviceOfTopic(topic)) ?? topic ?? 'unknown';
  }
  const port = attributeOf(span, Attr.serverPort);
  const known = address === undefined ? undefined : (endpoints[`${address}:${String(port)}`] ?? endpoints[address]);
  return known ?? serviceOfUrl(stringAttribute(span, Attr.urlFull)) ?? address ?? 'unknown';
}
