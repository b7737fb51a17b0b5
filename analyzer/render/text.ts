/**
 * A flow for the terminal (`hoptrace flow <request-id>`): a header, then the numbered hops as a
 * tree (a hop is indented under the hop that called the component it starts from, while that hop
 * was running), with duration and marks: `*` on the critical path, `!` failed, `~` inferred.
 */
import type { Flow, Hop } from '../../core/flow.js';
import { ARROWS, formatDuration } from './format.js';

/** For each hop, the index of the hop it runs inside (-1 for top level). */
export function hopParents(hops: readonly Hop[]): number[] {
  return hops.map((hop, i) => {
    for (let j = i - 1; j >= 0; j--) {
      const outer = hops[j]!;
      if (outer.to === hop.from && outer.startUs <= hop.startUs && hop.startUs <= outer.startUs + outer.durationUs) return j;
    }
    for (let j = i - 1; j >= 0; j--) if (hops[j]!.to === hop.from) return j;
    return -1;
  });
}

export interface TextOptions {
  /** Indent hops as a tree (default) or print a flat sequence. */
  readonly tree?: boolean;
}

export function renderFlowText(flow: Flow, options: TextOptions = {}): string {
  const tree = options.tree ?? true;
  const lines: string[] = [];
  const duration = formatDuration(Math.max(0, flow.endUs - flow.startUs));
  lines.push(`flow ${flow.id}  ${flow.operation}  ${flow.status}  ${duration}  ${flow.spanCount} spans  ${flow.hops.length} hops`);
  const others = flow.aliases.filter((a) => a !== flow.id);
  if (others.length > 0) lines.push(`aliases: ${others.join(', ')}`);
  if (flow.traceIds.length > 0) lines.push(`traces: ${flow.traceIds.join(', ')}`);
  for (const link of flow.links ?? []) lines.push(`linked: ${link.flowId} (${link.relation}, instance ${link.instanceUuid})`);
  lines.push('');
  const parents = hopParents(flow.hops);
  const depth = (i: number): number => (parents[i]! < 0 ? 0 : 1 + depth(parents[i]!));
  const critical = new Set(flow.criticalPath);
  const width = String(flow.hops.length).length;
  flow.hops.forEach((hop, i) => {
    const marks = `${critical.has(hop.seq) ? '*' : ' '}${hop.error ? '!' : ' '}${hop.inferred === true ? '~' : ' '}`;
    const indent = tree ? '  '.repeat(depth(i)) : '';
    lines.push(`${String(hop.seq).padStart(width)} ${marks} ${indent}${hop.from} ${ARROWS[hop.kind]} ${hop.to}  ${hop.kind}  ${hop.operation}  ${formatDuration(hop.durationUs)}`);
  });
  if (flow.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const warning of flow.warnings) lines.push(`  - ${warning}`);
  }
  lines.push('', 'marks: * critical path  ! error  ~ inferred;  → REST/db  ⇒ RPC call  ⇢ cast  ⇉ fanout');
  return `${lines.join('\n')}\n`;
}
