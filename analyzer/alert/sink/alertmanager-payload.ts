import type { Alert } from '../store/alert.js';

/** One element of the body of Alertmanager's `POST /api/v2/alerts` (postableAlert). */
export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

/**
 * Maps an alert to Alertmanager's model. Labels identify the alert (Alertmanager de-duplicates on
 * them): `alertname` from the violation type (`HoptraceForbiddenHop`), `severity`, `rule`,
 * `operation`, `flow_id`, and the hop's `from`/`to`/`kind`/`hop_operation`. Annotations carry the
 * evidence. `endsAt` is the resolution time of a resolved alert, else last seen + `resolveAfterMs`
 * when that is given; otherwise Alertmanager's `resolve_timeout` applies.
 */
export function toPostableAlert(alert: Alert, publicUrl: string, resolveAfterMs?: number): PostableAlert {
  const labels: Record<string, string> = {
    alertname: `Hoptrace${alert.type.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`,
    severity: alert.severity,
    rule: alert.rule,
    operation: alert.operation,
    flow_id: alert.group ? 'grouped' : alert.flowId,
  };
  if (alert.hop) Object.assign(labels, { from: alert.hop.from, to: alert.hop.to, kind: alert.hop.kind, hop_operation: alert.hop.operation });
  const annotations: Record<string, string> = {
    summary: alert.summary,
    alert_id: alert.id,
    count: String(alert.count),
    link: alert.link,
  };
  if (alert.hop) annotations.span_ids = alert.hop.spanIds.join(',');
  if (alert.alsoBroken.length > 0) annotations.also_broken = alert.alsoBroken.join(',');
  if (alert.expected?.length) annotations.expected = alert.expected.map((e) => `${e.from}>${e.to} ${e.kind} ${e.operation}`).join('; ');
  if (alert.group) annotations.sample_flows = alert.group.sampleFlowIds.join(',');
  const startsAt = new Date(Math.floor(alert.firstSeenUs / 1000)).toISOString();
  return {
    labels,
    annotations,
    startsAt,
    ...(alert.status === 'resolved' && alert.resolvedUs !== undefined
      ? { endsAt: new Date(Math.floor(alert.resolvedUs / 1000)).toISOString() }
      : resolveAfterMs !== undefined && { endsAt: new Date(Math.floor(alert.lastSeenUs / 1000) + resolveAfterMs).toISOString() }),
    ...(publicUrl && { generatorURL: `${publicUrl.replace(/\/$/, '')}${alert.link}` }),
  };
}
