/**
 * The call graph as Graphviz DOT: one node per component, one edge per (from, to, kind, operation)
 * labelled with first seq, operation and count; casts dashed, inferred dotted, errors red.
 */
import type { Flow } from '../../core/flow.js';

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function renderFlowDot(flow: Flow): string {
  const lines = [`digraph ${quote(flow.id)} {`, '  rankdir=LR;', '  node [shape=box, style=rounded];', `  label=${quote(`${flow.operation} ${flow.id} (${flow.status})`)};`];
  for (const node of flow.graph.nodes) lines.push(`  ${quote(node)};`);
  for (const edge of flow.graph.edges) {
    const attrs = [`label=${quote(`${edge.firstSeq}. ${edge.kind} ${edge.operation}${edge.count > 1 ? ` ×${edge.count}` : ''}`)}`];
    if (edge.kind === 'rpc_cast' || edge.kind === 'rpc_fanout') attrs.push('style=dashed');
    if (edge.inferred === true) attrs.push('style=dotted');
    if (edge.errors > 0) attrs.push('color=red', 'fontcolor=red');
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
