/**
 * The hop sequence as a Mermaid `sequenceDiagram`: participants in order of first appearance,
 * synchronous hops as solid arrows, casts and fanouts as async arrows (`-)`), failed hops crossed
 * (`-x`), each message numbered by its seq.
 */
import type { Flow } from '../../core/flow.js';

const id = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');
const text = (s: string): string => s.replace(/[;#]/g, ' ');

export function renderFlowMermaid(flow: Flow): string {
  const lines = ['sequenceDiagram', `  title ${text(`${flow.operation} ${flow.id} (${flow.status})`)}`];
  for (const node of flow.graph.nodes) lines.push(`  participant ${id(node)} as ${node}`);
  for (const hop of flow.hops) {
    const async = hop.kind === 'rpc_cast' || hop.kind === 'rpc_fanout';
    const arrow = hop.error ? '-x' : async ? '-)' : '->>';
    lines.push(`  ${id(hop.from)}${arrow}${id(hop.to)}: ${hop.seq}. ${text(`${hop.kind} ${hop.operation}`)}`);
  }
  return `${lines.join('\n')}\n`;
}
