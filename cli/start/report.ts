import type { Alert } from '../../analyzer/alert/index.js';
import type { Flow } from '../../core/flow.js';
import type { Palette } from '../color.js';
import { alertLine } from '../text/alert-view.js';
import { flowText } from '../text/flow-text.js';
import type { ScenarioStep } from './scenario.js';
import { FAULT_DESCRIPTION } from './scenario.js';
import type { Embedded } from './embedded.js';

const TITLES: Readonly<Record<ScenarioStep, string>> = {
  boot: 'boot a server (openstack server create)',
  shelve: 'shelve it (openstack server shelve)',
  unshelve: 'unshelve it (openstack server unshelve)',
  delete: 'delete it (openstack server delete)',
  fault: `boot with a fault: ${FAULT_DESCRIPTION}`,
};

/** One scenario step's report: a title, the flow's numbered hops, its alerts (or "no alerts"). */
export function stepReport(step: ScenarioStep, flow: Flow | undefined, requestId: string, alerts: readonly Alert[], colors: Palette): string {
  const lines = [colors.cyan(`── ${TITLES[step]} ── ${requestId}`)];
  if (!flow) lines.push(colors.red(`  no flow for ${requestId} yet`));
  else lines.push(flowText(flow, colors, { compact: true, alertSeqs: new Set(alerts.flatMap((alert) => (alert.hop ? [alert.hop.seq] : []))) }).trimEnd());
  for (const alert of alerts) lines.push(colors.red(`  ALERT ${alertLine({ ...alert, message: alert.summary })}`));
  if (flow && alerts.length === 0) lines.push(colors.green('  no alerts'));
  return lines.join('\n') + '\n\n';
}

/** Where everything listens, printed once the scenario is done. */
export function addressesReport(embedded: Embedded, colors: Palette): string {
  const api = embedded.analyzer.url;
  const rows: [string, string][] = [
    ['web view', `${api}/`],
    ['flow API', `${api}/api/flows/<request-id>   (also the Jaeger query API)`],
    ['alerts', `${api}/api/alerts   (live: ${api}/api/alerts/stream)`],
    ['OTLP/HTTP', `${embedded.collector.url}/v1/traces`],
    ['keystone', embedded.cloud.authUrl],
    ['nova', embedded.cloud.endpoints['nova-api']],
    ['openrc', `${embedded.openrcPath}   (source it, then: openstack server list)`],
    ['service logs', embedded.logDir],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return `${colors.bold('hoptrace is running')}\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}\n  try: HOPTRACE_API=${api} npx hoptrace flows\nCtrl-C stops.\n`;
}
