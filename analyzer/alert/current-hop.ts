import type { Flow } from '../../core/flow.js';
import type { Alert } from './store/alert.js';

/**
 * The alert with its hop's `seq` and span ids as they are in the flow's current version. An alert
 * knows its hop by span ids (stable); seq numbers shift when earlier-starting spans arrive later,
 * so the seq the alert was raised with may name another hop by now. `flowOf` is called once per
 * flow id when `cache` is shared across alerts; without the flow or the hop, the alert as raised.
 */
export function withCurrentHop(alert: Alert, flowOf: (flowId: string) => Flow | undefined, cache = new Map<string, Flow | undefined>()): Alert {
  const raised = alert.hop;
  if (raised === undefined) return alert;
  if (!cache.has(alert.flowId)) cache.set(alert.flowId, flowOf(alert.flowId));
  const hop = cache.get(alert.flowId)?.hops.find((h) => h.spanIds.some((id) => raised.spanIds.includes(id)));
  if (hop === undefined || (hop.seq === raised.seq && hop.spanIds.length === raised.spanIds.length)) return alert;
  return { ...alert, hop: { ...raised, seq: hop.seq, spanIds: [...hop.spanIds] } };
}
