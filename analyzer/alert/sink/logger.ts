import type { Alert } from '../store/alert.js';

/** Where alerting writes its lines; the host (CLI, tests) injects it. */
export interface AlertLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Says nothing: the default when no logger is given. */
export const SILENT_LOGGER: AlertLogger = { info() {}, warn() {} };

/** The one log line per new alert: `alert <id> [critical] invariant/compute-no-database flow=req-… hop=#12 …`. */
export function alertLogLine(alert: Alert): string {
  const hop = alert.hop ? ` hop=#${alert.hop.seq} ${alert.hop.from}>${alert.hop.to} ${alert.hop.kind} ${alert.hop.operation} spans=${alert.hop.spanIds.join(',')}` : '';
  const group = alert.group ? ` grouped flows=${alert.group.flows}` : '';
  return `alert ${alert.id} [${alert.severity}] ${alert.rule} flow=${alert.flowId} op=${alert.operation}${hop}${group} — ${alert.summary}`;
}
