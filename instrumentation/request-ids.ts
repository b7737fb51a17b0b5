import type { Attributes } from '@opentelemetry/api';
import { Attr } from '../core/attributes.js';

/**
 * The OpenStack request ids every span carries (see `core/attributes.ts`): the local id and,
 * when there is one, the global id. They are what lets the analyzer stitch a flow together when
 * the trace context was lost, so every shim records them, from whatever the layer knows.
 * Adds them to the span's one attributes object (no intermediate object, no spread) and returns it.
 */
/** The part of a RequestContext the ids come from (a RequestContext is one). */
export interface RequestIds {
  readonly request_id?: unknown;
  readonly global_request_id?: unknown;
}

export function addRequestIds(attributes: Attributes, context: RequestIds | undefined): Attributes {
  if (context === undefined) return attributes;
  if (typeof context.request_id === 'string' && context.request_id !== '') attributes[Attr.requestId] = context.request_id;
  if (typeof context.global_request_id === 'string' && context.global_request_id !== '') {
    attributes[Attr.globalRequestId] = context.global_request_id;
  }
  return attributes;
}
