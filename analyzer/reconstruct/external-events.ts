/**
 * neutron's external events (`POST /v2.1/os-server-external-events`) arrive with their own request
 * id: a separate flow, caused by the user's flow that is waiting for them (openstack.md §1.5).
 * They are joined as a link in both flows, never merged: by instance uuid, by the flow the
 * event's root span was sent from (its parent span), or by an OpenTelemetry span link (what the
 * log ingester writes). Span links between any two flows become `link` relations.
 */
import { Attr } from '../../core/attributes.js';
import type { Flow } from '../../core/flow.js';
import type { FlowReader } from '../store/contracts.js';
import type { PendingFlow } from './pending-flow.js';
import { isOrphan } from './span-facts.js';

export const EXTERNAL_EVENT_RELATION = 'external_event';
export const SPAN_LINK_RELATION = 'link';

/** true when the flow is an external-event delivery rather than a user's request. */
export function isExternalEventFlow(flow: Flow): boolean {
  return flow.operation === 'external_event' || flow.hops.some((h) => h.to === 'nova-api' && h.operation.includes('os-server-external-events'));
}

export interface LinkContext {
  /** The in-flight flows naming an instance uuid. */
  readonly flowsOfInstance: (uuid: string) => readonly PendingFlow[];
  /** The in-flight flow holding a span. */
  readonly flowOfSpan: (traceId: string, spanId: string) => PendingFlow | undefined;
  readonly store: Pick<FlowReader, 'flowsOfInstance'>;
}

/** Links `flow` and the flow `other` (in flight) or `otherId` (stored), both ways when in flight. */
function link(flow: PendingFlow, external: boolean, other: PendingFlow | undefined, otherId: string | undefined, instanceUuid?: string): void {
  const id = other?.id ?? otherId;
  if (id === undefined || id === flow.id) return;
  const otherExternal = other?.built !== undefined && isExternalEventFlow(other.built.flow);
  const relation = external || otherExternal ? EXTERNAL_EVENT_RELATION : SPAN_LINK_RELATION;
  const uuid = instanceUuid === undefined ? {} : { instanceUuid };
  flow.addLink({ flowId: id, relation, ...uuid });
  other?.addLink({ flowId: flow.id, relation, ...uuid });
}

/** Links (never merges) a just-rebuilt flow with the flows its spans point at, both ways when in flight. */
export function linkFlows(flow: PendingFlow, context: LinkContext): void {
  const built = flow.built;
  if (built === undefined) return;
  const external = isExternalEventFlow(built.flow);
  for (const span of flow.spans.values()) {
    for (const l of span.links) {
      const uuid = l.attributes[Attr.instanceUuid];
      link(flow, external, context.flowOfSpan(l.traceId, l.spanId), undefined, typeof uuid === 'string' ? uuid : undefined);
    }
  }
  if (external) {
    const root = built.spans.find((s) => !isOrphan(s) && s.parentSpanId !== '' && !flow.holds(s.traceId, s.parentSpanId));
    if (root !== undefined) link(flow, external, context.flowOfSpan(root.traceId, root.parentSpanId), undefined);
    for (const uuid of flow.instanceUuids) {
      const user = context.flowsOfInstance(uuid).find((p) => p !== flow && p.built !== undefined && !isExternalEventFlow(p.built.flow));
      const stored = user === undefined ? context.store.flowsOfInstance(uuid, 5).find((f) => !isExternalEventFlow(f) && f.id !== flow.id)?.id : undefined;
      link(flow, external, user, stored, uuid);
    }
  }
  if (flow.links.length !== (built.flow.links?.length ?? 0)) flow.built = { ...built, flow: { ...built.flow, links: flow.links } };
}
