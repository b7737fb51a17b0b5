/** Small formatting helpers shared by the renderers. */
import type { HopKind } from '../../core/flow.js';

/** `482.0 ms`, `1.25 s`, `850 µs`. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** The arrow a person draws for each kind of hop: REST →, RPC call ⇒, cast ⇢, fanout ⇉, db →. */
export const ARROWS: Readonly<Record<HopKind, string>> = {
  http: '→',
  rpc_call: '⇒',
  rpc_cast: '⇢',
  rpc_fanout: '⇉',
  db: '→',
};
