// The call graph of a flow, drawn with Cytoscape.js and laid out by its dagre extension:
// components are nodes, hops between two components of one kind are one arrow labelled with the
// first hop's number and the kind; the critical path is thick and blue, the hops an alert names red.
// The hop table below the graph lists every hop.
/* global window, cytoscape, cytoscapeDagre */
import { KIND_LABEL } from './shared.js';

let registered = false;

/**
 * Cytoscape elements for a flow: one node per component, one arrow per (caller, callee, kind)
 * labelled with the first hop's sequence number, the kind, how many hops it stands for and the
 * operation (or how many different ones). `alertSeqs` are the seq numbers of hops named by alerts.
 */
export function graphElements(flow, alertSeqs) {
  const critical = new Set(flow.criticalPath);
  const nodes = flow.graph.nodes.map((name) => ({ data: { id: name, label: name }, classes: nodeClass(name) }));
  const groups = new Map();
  for (const hop of flow.hops) {
    const key = `${hop.from}|${hop.to}|${hop.kind}`;
    if (!groups.has(key)) groups.set(key, { from: hop.from, to: hop.to, kind: hop.kind, hops: [] });
    groups.get(key).hops.push(hop);
  }
  const edges = [...groups.values()].map((group, index) => {
    const seqs = group.hops.map((hop) => hop.seq);
    const operations = [...new Set(group.hops.map((hop) => hop.operation))];
    const classes = [`kind-${group.kind}`];
    if (seqs.some((seq) => critical.has(seq))) classes.push('critical');
    if (seqs.some((seq) => alertSeqs.has(seq))) classes.push('alert');
    if (group.hops.some((hop) => hop.error)) classes.push('error');
    if (group.hops.every((hop) => hop.inferred)) classes.push('inferred');
    const count = group.hops.length > 1 ? ` ×${group.hops.length}` : '';
    const what = operations.length === 1 ? shorten(operations[0]) : `${operations.length} operations`;
    return {
      data: {
        id: `e${index}`,
        source: group.from,
        target: group.to,
        kind: group.kind,
        seq: seqs[0],
        seqs,
        operations,
        label: `${seqs[0]} ${KIND_LABEL[group.kind] ?? group.kind}${count}\n${what}`,
      },
      classes: classes.join(' '),
    };
  });
  for (const edge of edges) {
    if (!edge.classes.includes('alert')) continue;
    const target = nodes.find((node) => node.data.id === edge.data.target);
    if (target) target.classes += ' alert';
  }
  return [...nodes, ...edges];
}

/** Draws (or redraws) the graph into `container`; the instance is `window.hoptraceGraph`. */
export function drawGraph(container, flow, alertSeqs) {
  if (!registered) {
    cytoscape.use(cytoscapeDagre);
    registered = true;
  }
  window.hoptraceGraph?.destroy();
  const cy = cytoscape({
    container,
    elements: graphElements(flow, alertSeqs),
    style: STYLE,
    layout: { name: 'dagre', rankDir: 'LR', nodeSep: 70, rankSep: 120, edgeSep: 16, padding: 16 },
  });
  window.hoptraceGraph = cy;
  return cy;
}

function nodeClass(name) {
  if (name === 'client') return 'client';
  if (name === 'database') return 'database';
  return name.startsWith('nova-') ? 'nova' : 'service';
}

function shorten(operation) {
  return operation.length > 42 ? `${operation.slice(0, 40)}…` : operation;
}

const STYLE = [
  { selector: 'node', style: { label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center', shape: 'round-rectangle', width: (node) => 16 + 8 * node.data('label').length, height: 34, 'background-color': '#eef2f7', 'border-width': 1.5, 'border-color': '#7a8699', 'font-size': 13, 'font-family': 'DejaVu Sans, sans-serif', color: '#1d2633' } },
  { selector: 'node.nova', style: { 'background-color': '#e3edfb', 'border-color': '#3d6fb6' } },
  { selector: 'node.client', style: { shape: 'ellipse', 'background-color': '#ffffff' } },
  { selector: 'node.database', style: { shape: 'barrel', 'background-color': '#f4efe6', 'border-color': '#9a7b4f' } },
  { selector: 'node.alert', style: { 'border-color': '#d11f1f', 'border-width': 3, 'background-color': '#fde8e8' } },
  { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.6, 'line-color': '#8a94a6', 'target-arrow-color': '#8a94a6', label: 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', color: '#334155', 'font-family': 'DejaVu Sans, sans-serif' } },
  { selector: 'edge.kind-rpc_cast', style: { 'line-style': 'dashed', 'target-arrow-shape': 'vee' } },
  { selector: 'edge.kind-rpc_fanout', style: { 'line-style': 'dotted', 'target-arrow-shape': 'vee' } },
  { selector: 'edge.kind-rpc_call', style: { 'target-arrow-shape': 'triangle-backcurve', width: 2.2 } },
  { selector: 'edge.kind-db', style: { 'line-color': '#9a7b4f', 'target-arrow-color': '#9a7b4f' } },
  { selector: 'edge.inferred', style: { opacity: 0.6 } },
  { selector: 'edge.critical', style: { 'line-color': '#1f6feb', 'target-arrow-color': '#1f6feb', width: 3.5, 'z-index': 5 } },
  { selector: 'edge.error', style: { 'line-color': '#b45309', 'target-arrow-color': '#b45309' } },
  { selector: 'edge.alert', style: { 'line-color': '#d11f1f', 'target-arrow-color': '#d11f1f', width: 4.5, color: '#d11f1f', 'font-weight': 'bold', 'z-index': 10 } },
];
