import type { Flow } from '../../core/flow.js';
import type { Palette } from '../color.js';
import { HOP_KIND_LABEL, formatDuration } from './hop-kind.js';

/** The flow's one-line heading: operation, id, status, duration, span count. */
export function flowHeading(flow: Flow, colors: Palette): string {
  const status = flow.status === 'failed' ? colors.red(flow.status) : flow.status === 'complete' ? colors.green(flow.status) : colors.yellow(flow.status);
  return `${colors.bold(flow.operation)}  ${flow.id}  ${status}  ${formatDuration(flow.endUs - flow.startUs)}  ${flow.spanCount} spans`;
}

/**
 * The numbered hop sequence, one hop a line, columns aligned:
 * `  7 * nova-api ⇒ nova-conductor  cast  schedule_and_build_instances  1.2 ms`.
 * `*` marks the critical path; failed hops are red; inferred hops say so; hops in `alertSeqs`
 * (those an alert names) end in `← ALERT`.
 */
export function hopLines(flow: Flow, colors: Palette, alertSeqs: ReadonlySet<number> = new Set()): string[] {
  const critical = new Set(flow.criticalPath);
  const rows = flow.hops.map((hop) => ({
    seq: String(hop.seq),
    mark: critical.has(hop.seq) ? '*' : ' ',
    route: `${hop.from} → ${hop.to}`,
    kind: HOP_KIND_LABEL[hop.kind] ?? hop.kind,
    operation: hop.operation + (hop.inferred ? ' (inferred)' : ''),
    duration: formatDuration(hop.durationUs),
    error: hop.error,
  }));
  const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((row) => pick(row).length));
  const [seqW, routeW, kindW, opW] = [width((r) => r.seq), width((r) => r.route), width((r) => r.kind), width((r) => r.operation)];
  return rows.map((row) => {
    const line = `${row.seq.padStart(seqW + 2)} ${row.mark} ${row.route.padEnd(routeW)}  ${row.kind.padEnd(kindW)}  ${row.operation.padEnd(opW)}  ${row.duration}`;
    if (alertSeqs.has(Number(row.seq))) return colors.red(`${line}  ← ALERT`);
    return row.error ? colors.red(`${line}  ERROR`) : line;
  });
}

export interface FlowTextOptions {
  /** One line each for the request ids and the warnings (their counts) instead of listing them. */
  readonly compact?: boolean;
  /** seq numbers of the hops alerts name. */
  readonly alertSeqs?: ReadonlySet<number>;
}

/** Heading, hops, critical path and warnings: what `hoptrace flow` and `hoptrace start` print. */
export function flowText(flow: Flow, colors: Palette, options: FlowTextOptions = {}): string {
  const lines = [flowHeading(flow, colors), ...hopLines(flow, colors, options.alertSeqs)];
  if (flow.criticalPath.length > 0) lines.push(colors.dim(`  critical path (*): ${flow.criticalPath.join(' → ')}`));
  if (options.compact) {
    const notes = [`${flow.aliases.length} request id${flow.aliases.length === 1 ? '' : 's'}`];
    if (flow.warnings.length > 0) notes.push(`${flow.warnings.length} repair warning${flow.warnings.length === 1 ? '' : 's'}`);
    lines.push(colors.dim(`  ${notes.join(', ')} (hoptrace flow ${flow.id} lists them)`));
  } else {
    if (flow.aliases.length > 1) lines.push(colors.dim(`  request ids: ${flow.aliases.join(', ')}`));
    for (const warning of flow.warnings) lines.push(colors.yellow(`  warning: ${warning}`));
  }
  return lines.join('\n') + '\n';
}
