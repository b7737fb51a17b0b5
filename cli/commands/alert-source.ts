import { ApiError } from '../api-client.js';
import type { ApiClient } from '../api-client.js';
import type { AlertView } from '../text/alert-view.js';

/**
 * Alerts as the analyzer serves them at `GET /api/alerts`: a bare array or `{alerts: […]}`.
 * An analyzer started without alerting answers 404; that reads as "no alerts".
 */
export async function fetchAlerts(api: ApiClient, query: Readonly<Record<string, string | undefined>> = {}): Promise<AlertView[]> {
  let body: unknown;
  try {
    body = await api.getJson<unknown>('/api/alerts', query);
  } catch (error) {
    if (error instanceof ApiError && error.exitCode === 3) return [];
    throw error;
  }
  const list = Array.isArray(body) ? body : (body as { alerts?: unknown; data?: unknown }).alerts ?? (body as { data?: unknown }).data;
  return Array.isArray(list) ? (list as AlertView[]) : [];
}

/** The alerts raised on one flow (matched by flow id or any of its aliases). */
export function alertsOfFlow(alerts: readonly AlertView[], ids: readonly string[]): AlertView[] {
  const wanted = new Set(ids);
  return alerts.filter((alert) => alert.flowId !== undefined && wanted.has(alert.flowId));
}
