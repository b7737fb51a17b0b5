import type { HopKind } from '../../core/flow.js';

/** How a hop's kind is shown to people: REST for HTTP, call / cast / fanout for RPC. */
export const HOP_KIND_LABEL: Readonly<Record<HopKind, string>> = {
  http: 'REST',
  rpc_call: 'call',
  rpc_cast: 'cast',
  rpc_fanout: 'fanout',
  db: 'db',
};

/** The arrow of a kind: → for REST and db, ⇒ for RPC (as in the OpenStack reference). */
export function arrowOf(kind: HopKind): string {
  return kind === 'http' || kind === 'db' ? '→' : '⇒';
}

/** 1234 µs → "1.2 ms"; 2_500_000 µs → "2.50 s". */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}
