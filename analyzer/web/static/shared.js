// Helpers shared by the web view's pages. Plain ES modules for the browser; no build step.
/* global document, fetch, setTimeout */

export const KIND_LABEL = { http: 'REST', rpc_call: 'call', rpc_cast: 'cast', rpc_fanout: 'fanout', db: 'db' };

/** GET a JSON document; resolves undefined on 404, throws on other failures. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** Alerts from `GET /api/alerts` (a bare array or `{alerts}`); [] when alerting is off. */
export async function getAlerts() {
  const body = await getJson('/api/alerts').catch(() => undefined);
  const list = Array.isArray(body) ? body : body?.alerts ?? body?.data;
  return Array.isArray(list) ? list : [];
}

/** `el('td', {class: 'x'}, 'text', child)`: a DOM element; strings become text nodes (never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

export function formatDuration(us) {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

export function alertText(alert) {
  return `[${alert.severity ?? 'warning'}] ${alert.rule ?? alert.type ?? 'alert'}: ${alert.message ?? alert.summary ?? ''}`;
}

/** The alerts of one flow, by its id or any alias. */
export function alertsOf(alerts, flow) {
  const ids = new Set([flow.id, ...(flow.aliases ?? [])]);
  return alerts.filter((alert) => ids.has(alert.flowId));
}

/** The hops an alert points at: its `hops`, else its `hop` (matched by seq, else by shape). */
export function offendingHops(alert, hops) {
  const named = [...(alert.hops ?? []), ...(alert.hop ? [alert.hop] : [])];
  return hops.filter((hop) =>
    named.some((bad) => (bad.seq !== undefined ? bad.seq === hop.seq : bad.from === hop.from && bad.to === hop.to && (!bad.kind || bad.kind === hop.kind))),
  );
}

/**
 * Calls `refresh` now and again after each run: `ms` milliseconds later, or, when `ms` is a
 * function, after the delay it returns (the flow page slows down once its flow has settled).
 * `refresh` returning false stops the polling. The header's live badge shows failures.
 */
export function poll(refresh, ms) {
  const badge = document.getElementById('live');
  const tick = async () => {
    try {
      const again = await refresh();
      badge?.classList.remove('offline');
      if (again === false) {
        badge?.classList.add('done');
        return;
      }
    } catch {
      badge?.classList.add('offline');
    }
    setTimeout(tick, typeof ms === 'function' ? ms() : ms);
  };
  return tick();
}
