import type { Flow } from '../../core/flow.js';
import { parseCommandArgs, stringFlag, UsageError } from '../args.js';
import { ExitCode } from '../command.js';
import type { CliIO, Command } from '../command.js';
import { withProgress } from '../progress.js';
import { alertLine } from '../text/alert-view.js';
import type { AlertView } from '../text/alert-view.js';
import { flowText } from '../text/flow-text.js';
import { alertsOfFlow, fetchAlerts } from './alert-source.js';
import { API_OPTIONS, API_OPTIONS_USAGE, apiClientFor, colorsFor, printJson } from './common.js';

const FORMATS = ['text', 'json', 'dot', 'mermaid'] as const;

const usage = `Usage: hoptrace flow <request-id> [options]

Show one request's flow: every hop between components in order (REST, RPC call, cast),
the critical path (*), warnings and the alerts raised on it. Any request id of the flow
works: nova-api's, neutron's, glance's, or the global one.

Options:
  --format <f>  text (default), json, dot or mermaid
${API_OPTIONS_USAGE}

Exit codes: 0 flow shown, 1 the flow failed or has alerts, 3 unknown request id, 4 analyzer unreachable.
`;

export const flowCommand: Command = {
  name: 'flow',
  summary: 'show the hops, call graph and alerts of one request',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { ...API_OPTIONS, format: { type: 'string' } }, 1);
    const requestId = args.positionals[0];
    if (!requestId) throw new UsageError('missing <request-id>');
    const format = args.values.json ? 'json' : (stringFlag(args, 'format') ?? 'text');
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
    const api = apiClientFor(args, io);
    const path = `/api/flows/${encodeURIComponent(requestId)}`;
    if (format === 'dot' || format === 'mermaid') {
      io.stdout.write(await withProgress(io, 'fetching flow', () => api.getText(path, { format })));
      return ExitCode.ok;
    }
    const flow = await withProgress(io, 'fetching flow', () => api.getJson<Flow>(path));
    const alerts = alertsOfFlow(await fetchAlerts(api), flow.aliases.length > 0 ? flow.aliases : [flow.id]);
    if (format === 'json') printJson(io, { ...flow, alerts });
    else printFlow(io, flow, alerts);
    return flow.status === 'failed' || alerts.length > 0 ? ExitCode.failure : ExitCode.ok;
  },
};

function printFlow(io: CliIO, flow: Flow, alerts: readonly AlertView[]): void {
  const colors = colorsFor(io);
  const alertSeqs = new Set(alerts.flatMap((alert) => (alert.hop?.seq === undefined ? [] : [alert.hop.seq])));
  io.stdout.write(flowText(flow, colors, { alertSeqs }));
  for (const alert of alerts) io.stdout.write(colors.red(`  alert ${alertLine(alert)}`) + '\n');
}
