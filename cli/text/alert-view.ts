/**
 * The fields of an alert the CLI and the web view show. The alerting module's records carry more;
 * these are read defensively because older and newer records may lack some of them.
 */
export interface AlertView {
  readonly id?: string;
  readonly flowId?: string;
  readonly operation?: string;
  readonly severity?: string;
  readonly rule?: string;
  readonly kind?: string;
  /** The violation type (`forbidden_hop`, `missing_hop`, …). */
  readonly type?: string;
  readonly message?: string;
  readonly summary?: string;
  readonly hop?: { readonly seq?: number; readonly from?: string; readonly to?: string; readonly kind?: string; readonly operation?: string };
}

/**
 * One line: `[critical] invariant/compute-never-db: <message> (flow req-…, hop #12)`. Without a
 * message the offending hop is described instead.
 */
export function alertLine(alert: AlertView): string {
  const what = alert.rule ?? alert.type ?? alert.kind ?? 'alert';
  const hop = alert.hop;
  const described = hop?.from && hop.to ? `${hop.from} → ${hop.to}${hop.kind ? ` ${hop.kind}` : ''}${hop.operation ? ` ${hop.operation}` : ''}` : '';
  const text = alert.message ?? alert.summary ?? described;
  const seq = hop?.seq !== undefined ? `, hop #${hop.seq}` : '';
  const flow = alert.flowId ? ` (flow ${alert.flowId}${seq})` : '';
  return `[${alert.severity ?? 'warning'}] ${what}: ${text}${flow}`;
}
