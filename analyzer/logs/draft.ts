/**
 * Spans under construction. A flow's spans are drafted first (times, kinds, attributes), then
 * parented and linked as a set, then frozen into `Span`s; only this folder sees drafts.
 */
import { Attr } from '../../core/attributes.js';
import { StatusCode } from '../../core/span.js';
import type { AttributeValue, Resource, Span, SpanKind, SpanLink } from '../../core/span.js';
import type { LogEvent } from './group.js';

export interface Draft {
  readonly spanId: string;
  parentSpanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  startUs: number;
  endUs: number;
  readonly service: string;
  readonly pid: number;
  readonly error: boolean;
  readonly attributes: Record<string, AttributeValue>;
  readonly links: SpanLink[];
  /** true for the callee half of a hop (SERVER, CONSUMER): other spans of its service nest under it. */
  readonly entry: boolean;
  /** The record the draft came from; undefined for a synthesized caller half. */
  readonly event: LogEvent | undefined;
}

export const LOG_SOURCE = 'log';
export const SCOPE_NAME = 'hoptrace.logs';

/** Attributes every span built from `event` carries: where it came from and its request context. */
export function recordAttributes(event: LogEvent): Record<string, AttributeValue> {
  const r = event.record;
  const attributes: Record<string, AttributeValue> = {
    [Attr.source]: LOG_SOURCE,
    [Attr.logLevel]: r.level,
    [Attr.logLogger]: r.logger,
    [Attr.logMessage]: r.continuation.length === 0 ? r.message : `${r.message}\n${r.continuation.join('\n')}`,
    [Attr.logFilePath]: r.source,
    [Attr.logLine]: r.line,
  };
  const c = r.context;
  if (c.requestId !== undefined) attributes[Attr.requestId] = c.requestId;
  if (c.globalRequestId !== undefined) attributes[Attr.globalRequestId] = c.globalRequestId;
  if (c.userId !== undefined) attributes[Attr.userId] = c.userId;
  if (c.projectId !== undefined) attributes[Attr.projectId] = c.projectId;
  if (event.facts.instanceUuid !== undefined) attributes[Attr.instanceUuid] = event.facts.instanceUuid;
  return attributes;
}

/** Request-context attributes only, for spans hoptrace synthesized on a service's behalf. */
export function contextAttributes(event: LogEvent): Record<string, AttributeValue> {
  const c = event.record.context;
  const attributes: Record<string, AttributeValue> = { [Attr.source]: LOG_SOURCE };
  if (c.requestId !== undefined) attributes[Attr.requestId] = c.requestId;
  if (c.globalRequestId !== undefined) attributes[Attr.globalRequestId] = c.globalRequestId;
  return attributes;
}

/** One Resource object per (service, pid), shared by all its spans as OTLP would. */
export class ResourceCache {
  readonly #resources = new Map<string, Resource>();

  get(service: string, pid: number): Resource {
    const key = `${service}\n${pid}`;
    let resource = this.#resources.get(key);
    if (resource === undefined) {
      const attributes: Record<string, AttributeValue> = { [Attr.serviceName]: service };
      if (pid > 0) attributes[Attr.processPid] = pid;
      resource = { serviceName: service, attributes };
      this.#resources.set(key, resource);
    }
    return resource;
  }
}

export function freeze(draft: Draft, traceId: string, flowKey: string, resources: ResourceCache): Span {
  return {
    traceId,
    spanId: draft.spanId,
    parentSpanId: draft.parentSpanId,
    name: draft.name,
    kind: draft.kind,
    startUs: draft.startUs,
    endUs: Math.max(draft.endUs, draft.startUs),
    statusCode: draft.error ? StatusCode.ERROR : StatusCode.UNSET,
    statusMessage: '',
    attributes: draft.attributes,
    events: [],
    links: draft.links,
    resource: resources.get(draft.service, draft.pid),
    scopeName: SCOPE_NAME,
    flowKey,
  };
}
