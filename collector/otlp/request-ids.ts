import { Attr } from '../../core/attributes.js';
import type { AttributeValue } from '../../core/span.js';

/**
 * The request-id attributes of the span being decoded, all a flow key needs: `null` when absent.
 * Decoders that build attribute maps later (DecodedSpan) collect these while checking the
 * attributes and pass them to FlowKeyOf instead of the full map; only these two keys are ever set.
 */
export type RequestIds = Record<string, AttributeValue>;

export function newRequestIds(): RequestIds {
  return { [Attr.globalRequestId]: null, [Attr.requestId]: null };
}

export function clearRequestIds(ids: RequestIds): void {
  ids[Attr.globalRequestId] = null;
  ids[Attr.requestId] = null;
}
