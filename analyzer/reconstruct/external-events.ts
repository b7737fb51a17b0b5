/**
 * neutron's external events (`POST /v2.1/os-server-external-events`) arrive with their own request
 * id: a separate flow, caused by the user's flow that is waiting for them (openstack.md §1.5).
 * They are joined as a link in both flows, never merged: by instance uuid, by the flow the
 * event's root span was sent from (its parent span), or by an OpenTelemetry span link (what the
 * log ingester writes). Span links between any two flows become `link` relations.
 */
import type { Flow } from '../../core/flow.js';

export const EXTERNAL_EVENT_RELATION = 'external_event';
export const SPAN_LINK_RELATION = 'link';

/** true when the flow is an external-event delivery rather than a user's request. */
export function isExternalEventFlow(flow: Flow): boolean {
  return flow.operation === 'external_event' || flow.hops.some((h) => h.to === 'nova-api' && h.operation.includes('os-server-external-events'));
}
