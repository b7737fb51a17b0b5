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
  readonly message?: string;
  readonly summary?: string;
  readonly hop?: { readonly seq?: number; readonly from?: string; readonly to?: string; readonly kind?: string; readonly operation?: string };
}

/** One line: `[critical] unexpected_hop: nova-compute → database … (flow req-…, hop #12)`. */
export function alertLine(alert: AlertView): string {
  const what = alert.rule ?? alert.kind ?? 'alert';
  const text = alert.summary ?? alert.message ?? '';
  const hop = alert.hop;
  const where = hop?.from && hop.to ? ` ${hop.from} → ${hop.to}${hop.kind ? ` ${hop.kind}` : ''}${hop.operation ? ` ${hop.operation}` : ''}` : '';
  const seq = hop?.seq !== undefined ? `, hop #${hop.seq}` : '';
  const flow = alert.flowId ? ` (flow ${alert.flowId}${seq})` : '';
  return `[${alert.severity ?? 'warning'}] ${what}:${where}${text ? ` — ${text}` : ''}${flow}`;
}
