import { parseCommandArgs, stringFlag } from '../args.js';
import { ExitCode } from '../command.js';
import type { CliIO, Command } from '../command.js';
import type { ApiClient } from '../api-client.js';
import { withProgress } from '../progress.js';
import { readEvents } from '../sse.js';
import { alertLine } from '../text/alert-view.js';
import type { AlertView } from '../text/alert-view.js';
import { fetchAlerts } from './alert-source.js';
import { API_OPTIONS, API_OPTIONS_USAGE, apiClientFor, colorsFor } from './common.js';

const usage = `Usage: hoptrace alerts [options]

List the alerts raised on unexpected hops (a hop no model allows, a required hop missing,
a call where the code casts, a failed flow), or follow them live.

Options:
  --follow, -f    keep running and print each new alert as it is raised (Ctrl-C stops)
  --flow <id>     only alerts on this flow
${API_OPTIONS_USAGE}

With --json, alerts print as one JSON object per line (the same when following).
Exit codes: 0 no alerts, 1 alerts listed, 4 analyzer unreachable.
`;

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'list alerts on unexpected hops, or follow them live',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { ...API_OPTIONS, follow: { type: 'boolean', short: 'f' }, flow: { type: 'string' } }, 0);
    const api = apiClientFor(args, io);
    const flow = stringFlag(args, 'flow');
    const json = args.values.json === true;
    if (args.values.follow) return follow(api, io, flow, json);
    const alerts = (await withProgress(io, 'fetching alerts', () => fetchAlerts(api, { flow }))).filter((alert) => flow === undefined || alert.flowId === flow);
    for (const alert of alerts) print(io, alert, json);
    if (alerts.length === 0 && !json) io.stderr.write('no alerts\n');
    return alerts.length > 0 ? ExitCode.failure : ExitCode.ok;
  },
};

async function follow(api: ApiClient, io: CliIO, flow: string | undefined, json: boolean): Promise<number> {
  const response = await api.stream(flow === undefined ? '/api/alerts/stream' : `/api/alerts/stream?flow=${encodeURIComponent(flow)}`, io.signal);
  if (!response.body) return ExitCode.unavailable;
  if (!json) io.stderr.write(`following alerts from ${api.baseUrl} (Ctrl-C stops)\n`);
  for await (const event of readEvents(response.body, io.signal)) {
    if (event.event !== 'alert' && event.event !== 'message') continue; // `alert-updated`: seen before
    let alert: AlertView;
    try {
      alert = JSON.parse(event.data) as AlertView;
    } catch {
      continue; // keep-alive or a non-JSON notice
    }
    if (typeof alert !== 'object' || alert === null) continue;
    if (flow === undefined || alert.flowId === flow) print(io, alert, json);
  }
  return ExitCode.ok;
}

function print(io: CliIO, alert: AlertView, json: boolean): void {
  io.stdout.write(json ? JSON.stringify(alert) + '\n' : colorsFor(io).red(alertLine(alert)) + '\n');
}
