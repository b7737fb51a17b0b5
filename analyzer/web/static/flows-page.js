// The recent-flows page: the newest flows with status and alerts, refreshed every two seconds.
/* global document, location, URLSearchParams */
import { alertsOf, alertText, el, formatDuration, getAlerts, getJson, poll } from './shared.js';

const form = document.getElementById('filters');
const params = new URLSearchParams(location.search);
for (const name of ['operation', 'status']) form.elements[name].value = params.get(name) ?? '';
form.elements.unknown.checked = params.get('unknown') === '1';
// Unnamed flows (mostly the clients' polling GETs) are hidden unless asked for: they bury the operations.
form.elements.unknown.addEventListener('change', () => form.requestSubmit());

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = form.elements.id.value.trim();
  if (id) {
    location.href = `/flows/${encodeURIComponent(id)}`;
    return;
  }
  const query = new URLSearchParams();
  for (const name of ['operation', 'status']) if (form.elements[name].value) query.set(name, form.elements[name].value);
  if (form.elements.unknown.checked) query.set('unknown', '1');
  location.search = query.toString();
});

async function refresh() {
  const query = new URLSearchParams({ limit: '200' });
  for (const name of ['operation', 'status']) if (params.get(name)) query.set(name, params.get(name));
  const [body, alerts] = await Promise.all([getJson(`/api/flows?${query}`), getAlerts()]);
  const all = Array.isArray(body) ? body : body?.flows ?? body?.data ?? [];
  const flows = (form.elements.unknown.checked ? all : all.filter((flow) => flow.operation !== 'unknown')).slice(0, 50);
  const hidden = form.elements.unknown.checked ? 0 : all.filter((flow) => flow.operation === 'unknown').length;
  document.getElementById('hidden-count').textContent = hidden ? `(${hidden} hidden)` : '';
  renderFlows(flows, alerts);
  renderAlerts(alerts);
}

function renderFlows(flows, alerts) {
  const rows = flows.map((flow) => {
    const count = alertsOf(alerts, flow).length;
    return el('tr', { class: `status-${flow.status}${count ? ' has-alert' : ''}`, 'data-flow-id': flow.id },
      el('td', {}, el('span', { class: `badge ${flow.status}` }, flow.status)),
      el('td', {}, flow.operation),
      el('td', {}, new Date(flow.startUs / 1000).toLocaleTimeString()),
      el('td', { class: 'num' }, formatDuration(flow.endUs - flow.startUs)),
      el('td', { class: 'num' }, flow.spanCount),
      el('td', { class: 'num' }, count ? el('span', { class: 'badge alert' }, count) : ''),
      el('td', {}, el('a', { href: `/flows/${encodeURIComponent(flow.id)}` }, flow.id)));
  });
  document.querySelector('#flows tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'no flows yet'))]));
}

function renderAlerts(alerts) {
  const items = alerts.slice(-20).reverse().map((alert) =>
    el('li', { class: `alert severity-${alert.severity ?? 'warning'}` },
      alertText(alert), ' ',
      alert.flowId ? el('a', { href: `/flows/${encodeURIComponent(alert.flowId)}` }, alert.flowId) : ''));
  document.getElementById('alerts').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'no alerts')]));
}

void poll(refresh, 2000);
