// One flow: summary, links, alerts, call graph, numbered hops, span timeline. Polls every 1.5 s
// while the flow is in progress and shortly after, then every 5 s (late spans re-open flows).
/* global document, location */
import { drawGraph } from './graph.js';
import { alertsOf, alertText, el, formatDuration, getAlerts, getJson, KIND_LABEL, offendingHops, poll } from './shared.js';
import { drawTimeline, hopRows, spanRows } from './timeline.js';

const flowId = decodeURIComponent(location.pathname.replace(/^\/flows\//, ''));
const flowPath = `/api/flows/${encodeURIComponent(flowId)}`;
const SETTLE_POLLS = 3;
const FAST_MS = 1500;
const SLOW_MS = 5000;

let lastVersion = '';
let settled = 0;
const config = await getJson('/web/config.json').catch(() => ({}));

async function refresh() {
  const [flow, allAlerts] = await Promise.all([getJson(flowPath), getAlerts()]);
  if (!flow) {
    document.getElementById('title').textContent = `no flow with request id ${flowId}`;
    document.body.classList.add('not-found');
    return false;
  }
  const alerts = alertsOf(allAlerts, flow);
  const version = `${flow.updatedUs}/${alerts.length}`;
  if (version !== lastVersion) {
    lastVersion = version;
    await render(flow, alerts);
  }
  settled = flow.status === 'in_progress' ? 0 : settled + 1;
  document.getElementById('live').classList.toggle('done', settled > SETTLE_POLLS);
  return true;
}

async function render(flow, alerts) {
  const alertSeqs = new Set(alerts.flatMap((alert) => offendingHops(alert, flow.hops)).map((hop) => hop.seq));
  document.title = `hoptrace — ${flow.operation} ${flow.id}`;
  document.getElementById('title').textContent = `${flow.operation} · ${flow.id}`;
  document.body.dataset.status = flow.status;
  renderSummary(flow);
  renderLinks(flow);
  document.getElementById('alerts').replaceChildren(...alerts.map((alert) => el('li', { class: `alert severity-${alert.severity ?? 'warning'}` }, alertText(alert))));
  const cy = drawGraph(document.getElementById('graph'), flow, alertSeqs);
  cy.on('tap', 'edge', (event) => selectHops(event.target.data('seqs')));
  cy.on('tap', (event) => event.target === cy && selectHops([]));
  renderHops(flow, alertSeqs);
  renderWarnings(flow);
  const jaeger = await getJson(`${flowPath}/jaeger.json`).catch(() => undefined);
  const rows = spanRows(jaeger);
  drawTimeline(document.getElementById('timeline'), rows.length ? rows : hopRows(flow));
}

function renderSummary(flow) {
  const fact = (name, value) => el('div', { class: 'fact' }, el('span', { class: 'name' }, name), el('span', { class: 'value' }, value));
  document.getElementById('summary').replaceChildren(
    el('span', { class: `badge ${flow.status}` }, flow.status),
    fact('operation', flow.operation),
    fact('duration', formatDuration(flow.endUs - flow.startUs)),
    fact('hops', String(flow.hops.length)),
    fact('spans', String(flow.spanCount)),
    fact('components', String(flow.graph.nodes.length)),
    requestIds(flow.aliases),
    ...(flow.links ?? []).map((link) => el('div', { class: 'fact' }, el('span', { class: 'name' }, link.relation.replace(/_/g, ' ')), el('a', { href: `/flows/${encodeURIComponent(link.flowId)}`, class: 'flow-link' }, link.flowId))));
}

/** The first request id, the others folded away. */
function requestIds(aliases) {
  const [first, ...rest] = aliases;
  const value = el('span', { class: 'value' }, first ?? '');
  const more = rest.length ? el('details', { class: 'more-ids' }, el('summary', {}, `+${rest.length} more`), el('div', {}, rest.join(' '))) : '';
  return el('div', { class: 'fact' }, el('span', { class: 'name' }, 'request ids'), value, more);
}

function renderLinks(flow) {
  const links = [el('a', { href: `${flowPath}/jaeger.json`, download: `${flow.id}.jaeger.json`, id: 'jaeger-json' }, 'Jaeger JSON')];
  // A flow is exported to Jaeger as one trace under its first trace id (analyzer/export/jaeger).
  if (config?.jaegerUiUrl && flow.traceIds[0]) {
    links.push(el('a', { href: `${config.jaegerUiUrl}/trace/${flow.traceIds[0]}`, target: '_blank', rel: 'noopener', id: 'jaeger-link' }, 'open in Jaeger'));
  }
  links.push(el('a', { href: `${flowPath}?format=mermaid` }, 'mermaid'), el('a', { href: `${flowPath}?format=dot` }, 'dot'));
  document.getElementById('links').replaceChildren(...links);
}

function renderHops(flow, alertSeqs) {
  const critical = new Set(flow.criticalPath);
  const rows = flow.hops.map((hop) => {
    const classes = [critical.has(hop.seq) ? 'critical' : '', alertSeqs.has(hop.seq) ? 'alert' : '', hop.error ? 'error' : '', hop.inferred ? 'inferred' : ''].filter(Boolean).join(' ');
    return el('tr', { class: classes || undefined, 'data-seq': hop.seq },
      el('td', { class: 'num' }, hop.seq),
      el('td', {}, hop.from),
      el('td', {}, hop.kind === 'http' || hop.kind === 'db' ? '→' : '⇒'),
      el('td', {}, hop.to),
      el('td', {}, el('span', { class: `kind kind-${hop.kind}` }, KIND_LABEL[hop.kind] ?? hop.kind)),
      el('td', { class: 'op' }, hop.operation),
      el('td', { class: 'num' }, `+${formatDuration(hop.startUs - flow.startUs)}`),
      el('td', { class: 'num' }, formatDuration(hop.durationUs)));
  });
  document.querySelector('#hops tbody').replaceChildren(...rows);
}

/** Marks the hop rows an arrow stands for (click an arrow) and scrolls the first into view. */
function selectHops(seqs) {
  const wanted = new Set(seqs.map(String));
  let first;
  for (const row of document.querySelectorAll('#hops tbody tr')) {
    const selected = wanted.has(row.dataset.seq);
    row.classList.toggle('selected', selected);
    if (selected && !first) first = row;
  }
  first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function renderWarnings(flow) {
  document.getElementById('warnings-section').hidden = flow.warnings.length === 0;
  document.getElementById('warnings').replaceChildren(...flow.warnings.map((warning) => el('li', {}, warning)));
}

await poll(refresh, () => (settled > SETTLE_POLLS ? SLOW_MS : FAST_MS));
