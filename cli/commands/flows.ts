import type { Flow, FlowStatus } from '../../core/flow.js';
import { intFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import { ExitCode } from '../command.js';
import type { Command } from '../command.js';
import { withProgress } from '../progress.js';
import { formatDuration } from '../text/hop-kind.js';
import { API_OPTIONS, API_OPTIONS_USAGE, apiClientFor, colorsFor, printJson } from './common.js';
import { parseSince } from './since.js';

const STATUSES: readonly FlowStatus[] = ['in_progress', 'complete', 'failed'];

const usage = `Usage: hoptrace flows [options]

Search recent flows, newest first.

Options:
  --operation <op>  only this operation (boot, shelve, unshelve, delete, …)
  --service <name>  only flows that touched this component (nova-compute, glance, …)
  --status <s>      in_progress, complete or failed
  --since <when>    a duration back from now (30s, 10m, 2h, 1d) or an ISO 8601 time
  --limit <n>       at most n flows (default 20, at most 1000)
  --all             also requests the analyzer could not name (operation unknown; mostly the
                    clients' polling reads), which are left out by default
${API_OPTIONS_USAGE}
`;

/** A flow as the search returns it: the full Flow or a summary without graph and hops. */
type FlowSummary = Pick<Flow, 'id' | 'operation' | 'status' | 'startUs' | 'endUs' | 'spanCount'> & Partial<Pick<Flow, 'hops'>> & { readonly hopCount?: number };

export const flowsCommand: Command = {
  name: 'flows',
  summary: 'search recent flows by operation, service, status and time',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { ...API_OPTIONS, operation: { type: 'string' }, service: { type: 'string' }, status: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } }, 0);
    const status = stringFlag(args, 'status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got '${status}'`);
    const since = stringFlag(args, 'since');
    const limit = intFlag(args, 'limit', 20, 1000);
    // Unnamed flows are dropped here, so ask for more to still fill the page.
    const hideUnnamed = args.values.all !== true && stringFlag(args, 'operation') === undefined;
    const query = {
      operation: stringFlag(args, 'operation'),
      service: stringFlag(args, 'service'),
      status,
      since: since === undefined ? undefined : parseSince(since, Date.now()),
      limit: hideUnnamed ? Math.min(1000, limit * 5) : limit,
    };
    const api = apiClientFor(args, io);
    const body = await withProgress(io, 'searching flows', () => api.getJson<unknown>('/api/flows', query));
    const found = listOf(body);
    const flows = (hideUnnamed ? found.filter((flow) => flow.operation !== 'unknown') : found).slice(0, limit);
    const hidden = hideUnnamed ? found.filter((flow) => flow.operation === 'unknown').length : 0;
    if (hidden > 0) io.stderr.write(`(${hidden} unnamed requests left out; --all shows them)\n`);
    if (args.values.json) {
      printJson(io, flows);
      return ExitCode.ok;
    }
    if (flows.length === 0) {
      io.stderr.write('no flows match\n');
      return ExitCode.ok;
    }
    const colors = colorsFor(io);
    io.stdout.write(colors.bold(`${'STATUS'.padEnd(11)}  ${'OPERATION'.padEnd(10)}  ${'STARTED'.padEnd(24)}  ${'DURATION'.padStart(9)}  ${'HOPS'.padStart(4)}  REQUEST ID`) + '\n');
    for (const flow of flows) {
      const line = `${flow.status.padEnd(11)}  ${flow.operation.padEnd(10)}  ${new Date(flow.startUs / 1000).toISOString().padEnd(24)}  ${formatDuration(flow.endUs - flow.startUs).padStart(9)}  ${String(flow.hopCount ?? flow.hops?.length ?? '').padStart(4)}  ${flow.id}`;
      io.stdout.write((flow.status === 'failed' ? colors.red(line) : line) + '\n');
    }
    return ExitCode.ok;
  },
};

function listOf(body: unknown): FlowSummary[] {
  if (Array.isArray(body)) return body as FlowSummary[];
  const wrapped = (body as { flows?: unknown; data?: unknown }).flows ?? (body as { data?: unknown }).data;
  return Array.isArray(wrapped) ? (wrapped as FlowSummary[]) : [];
}
