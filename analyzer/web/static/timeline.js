// A timeline of a flow's spans (from its Jaeger JSON), one bar per span on a shared time axis;
// falls back to the flow's hops when the spans cannot be loaded.
import { el, formatDuration } from './shared.js';

const MAX_ROWS = 400;

/** Rows `{service, name, startUs, durationUs, error}` from a Jaeger `{data: [trace…]}` document. */
export function spanRows(jaeger) {
  const rows = [];
  for (const trace of jaeger?.data ?? []) {
    for (const span of trace.spans ?? []) {
      const service = trace.processes?.[span.processID]?.serviceName ?? 'unknown';
      const error = (span.tags ?? []).some((tag) => tag.key === 'error' && (tag.value === true || tag.value === 'true'));
      rows.push({ service, name: span.operationName, startUs: span.startTime, durationUs: span.duration, error });
    }
  }
  return rows.sort((a, b) => a.startUs - b.startUs);
}

/** Rows built from hops, for when the spans are not available. */
export function hopRows(flow) {
  return flow.hops.map((hop) => ({ service: hop.from, name: `${hop.seq}. → ${hop.to} ${hop.operation}`, startUs: hop.startUs, durationUs: hop.durationUs, error: hop.error }));
}

export function drawTimeline(container, rows) {
  const shown = rows.slice(0, MAX_ROWS);
  if (shown.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'no spans'));
    return;
  }
  const start = Math.min(...shown.map((row) => row.startUs));
  const end = Math.max(...shown.map((row) => row.startUs + row.durationUs));
  const span = Math.max(1, end - start);
  const lines = shown.map((row) => {
    const left = ((row.startUs - start) / span) * 100;
    const width = Math.max(0.3, (row.durationUs / span) * 100);
    return el('div', { class: `tl-row${row.error ? ' error' : ''}`, title: `${row.service}: ${row.name} — ${formatDuration(row.durationUs)} at +${formatDuration(row.startUs - start)}` },
      el('div', { class: 'tl-label' }, el('span', { class: `svc svc-${row.service}` }, row.service), ' ', row.name),
      el('div', { class: 'tl-track' }, el('div', { class: `tl-bar svc-${row.service}`, style: `left:${left}%;width:${width}%` })),
      el('div', { class: 'tl-dur' }, formatDuration(row.durationUs)));
  });
  const more = rows.length > shown.length ? [el('p', { class: 'empty' }, `… and ${rows.length - shown.length} more spans`)] : [];
  container.replaceChildren(el('div', { class: 'tl-axis' }, el('span', {}, '0'), el('span', {}, formatDuration(span))), ...lines, ...more);
}
