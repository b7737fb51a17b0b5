import { isRetryableError } from '../../core/errors.js';
import type { SpanConsumer } from '../../core/consumer.js';
import type { Analyzer } from '../../analyzer/index.js';
import type { IngestStats, LogSummary, SummaryBuilder } from '../../analyzer/logs/index.js';
import { intFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import { ExitCode } from '../command.js';
import type { CliIO, Command } from '../command.js';
import { withProgress } from '../progress.js';
import { formatDuration } from '../text/hop-kind.js';
import { flowText } from '../text/flow-text.js';
import { colorsFor, printJson } from './common.js';

const usage = `Usage: hoptrace logs ingest <file|folder>... [options]

Rebuild request flows from OpenStack service logs (oslo.log format), where no tracing is
deployed: records are grouped by request id, a caller's and a callee's ids are joined where the
logs say so, and hops between services are inferred (marked "inferred"). Folders are searched
for *.log* files (rotated and .gz ones included).

By default an analyzer runs inside this command: it prints what it found, then stops (use --db
to keep the flows, --follow to keep running and serve them). With --otlp the spans go to a
running hoptrace collector instead (e.g. the one 'hoptrace start' runs).

Options:
  --follow              keep following the files (and new files in the folders) until Ctrl-C
  --from-end            with --follow: read only what is written from now on
  --otlp <url>          send spans to this OTLP/HTTP traces endpoint instead of an embedded
                        analyzer (e.g. http://127.0.0.1:4318/v1/traces)
  --db <path>           the embedded analyzer's SQLite file (default: in memory)
  --port <n>            the embedded analyzer's API port (default: any free port)
  --service <file=svc>  the service a file's records belong to, e.g. api.log=nova-api (repeatable)
  --utc-offset <min>    minutes to add to the logged local times to get UTC (default 0)
  --show <n>            flows to print hop by hop (default 3; 0 for none)
  --json                print the counts and the summary as JSON
  -h, --help            show this help

Exit codes: 0 done, 2 bad arguments or a missing path, 4 the --otlp endpoint is unreachable.
`;

const OPTIONS: OptionSpec = {
  follow: { type: 'boolean' },
  'from-end': { type: 'boolean' },
  otlp: { type: 'string' },
  db: { type: 'string' },
  port: { type: 'string' },
  service: { type: 'string', multiple: true },
  'utc-offset': { type: 'string' },
  show: { type: 'string' },
  json: { type: 'boolean' },
};

/** Flow summaries kept for printing; the counts cover every flow. */
const KEEP_SUMMARIES = 1000;

export const logsCommand: Command = {
  name: 'logs',
  summary: 'rebuild flows from OpenStack service logs (oslo.log), no tracing needed',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'ingest') throw new UsageError(sub === undefined ? "missing subcommand 'ingest'" : `unknown subcommand '${sub}' (expected 'ingest')`);
    const args = parseCommandArgs(rest, OPTIONS, Number.MAX_SAFE_INTEGER);
    const options = readOptions(args);
    // Loaded here, not at the top: every other hoptrace command would pay for them at start-up.
    const { LogPathError, SummaryBuilder, expandLogPaths, ingestLogFiles, tailLogFiles } = await import('../../analyzer/logs/index.js');
    try {
      await expandLogPaths(options.paths);
    } catch (error) {
      if (error instanceof LogPathError) throw new UsageError(error.message);
      throw error;
    }
    const target = await openTarget(options, io);
    try {
      const summary = new SummaryBuilder(KEEP_SUMMARIES);
      const common = { services: options.services, utcOffsetMinutes: options.utcOffsetMinutes, onFlow: (flow: Parameters<SummaryBuilder['add']>[0]) => summary.add(flow) };
      let stats: IngestStats;
      if (options.follow) {
        if (!options.json) io.stdout.write(`following ${options.paths.join(', ')}${target.analyzer ? `; flows at ${target.analyzer.url}/api/flows` : ''} (Ctrl-C to stop)\n`);
        stats = await tailLogFiles(options.paths, target.next, { ...common, signal: io.signal, fromEnd: options.fromEnd, onPoll: options.json ? undefined : progressPrinter(io) });
      } else {
        stats = await withProgress(io, 'reading logs', () => ingestLogFiles(options.paths, target.next, common));
      }
      report(io, options, stats, summary.result(), target.analyzer);
      return ExitCode.ok;
    } catch (error) {
      if (options.otlp !== undefined && isRetryableError(error)) {
        io.stderr.write(`hoptrace logs: cannot deliver spans to ${options.otlp}: ${error.message}\n`);
        return ExitCode.unavailable;
      }
      throw error;
    } finally {
      await target.analyzer?.shutdown();
    }
  },
};

interface LogsOptions {
  readonly paths: readonly string[];
  readonly follow: boolean;
  readonly fromEnd: boolean;
  readonly otlp: string | undefined;
  readonly db: string;
  readonly port: number;
  readonly services: Readonly<Record<string, string>>;
  readonly utcOffsetMinutes: number;
  readonly show: number;
  readonly json: boolean;
}

function readOptions(args: ParsedArgs): LogsOptions {
  if (args.positionals.length === 0) throw new UsageError('missing <file|folder>');
  const otlp = stringFlag(args, 'otlp');
  if (otlp !== undefined && !/^https?:\/\/[^/]+/.test(otlp)) throw new UsageError(`--otlp must be an http(s) URL, got '${otlp}'`);
  if (otlp !== undefined && (args.values.db !== undefined || args.values.port !== undefined)) throw new UsageError('--db and --port configure the embedded analyzer; they cannot be used with --otlp');
  if (args.values['from-end'] === true && args.values.follow !== true) throw new UsageError('--from-end only applies with --follow');
  const services: Record<string, string> = {};
  for (const pair of (args.values.service as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`--service must be <file>=<service>, got '${pair}'`);
    services[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const offset = stringFlag(args, 'utc-offset') ?? '0';
  if (!/^-?\d{1,4}$/.test(offset) || Math.abs(Number(offset)) > 24 * 60) throw new UsageError(`--utc-offset must be minutes from -1440 to 1440, got '${offset}'`);
  const show = stringFlag(args, 'show') ?? '3';
  if (!/^\d{1,3}$/.test(show)) throw new UsageError(`--show must be an integer from 0 to 999, got '${show}'`);
  return {
    paths: args.positionals,
    follow: args.values.follow === true,
    fromEnd: args.values['from-end'] === true,
    otlp: otlp === undefined ? undefined : otlp.replace(/\/+$/, '').replace(/^(https?:\/\/[^/]+)$/, '$1/v1/traces'),
    db: stringFlag(args, 'db') ?? ':memory:',
    port: args.values.port === undefined ? 0 : intFlag(args, 'port', 0, 65535),
    services,
    utcOffsetMinutes: Number(offset),
    show: Number(show),
    json: args.values.json === true,
  };
}

interface Target {
  readonly next: SpanConsumer;
  readonly analyzer: Analyzer | undefined;
}

async function openTarget(options: LogsOptions, io: CliIO): Promise<Target> {
  if (options.otlp !== undefined) {
    const { OtlpHttpExporter } = await import('../../collector/exporter/otlp-http/exporter.js');
    return { next: new OtlpHttpExporter({ type: 'otlp-http', endpoint: options.otlp, encoding: 'protobuf', timeoutMs: 10_000 }), analyzer: undefined };
  }
  const { startAnalyzer } = await import('../../analyzer/index.js');
  const analyzer = await withProgress(io, 'starting the analyzer', () => startAnalyzer({ dbPath: options.db, port: options.port, host: '127.0.0.1' }));
  return { next: analyzer.ingest, analyzer };
}

/** Prints one line per poll that changed something; the same counts are not printed twice. */
function progressPrinter(io: CliIO): (stats: Readonly<IngestStats>) => void {
  let last = '';
  return (stats) => {
    const line = `  ${stats.records} records, ${stats.flows} flows (${stats.multiServiceFlows} across services), ${stats.spans} spans\n`;
    if (line === last || stats.records === 0) return;
    last = line;
    io.stdout.write(line);
  };
}

function report(io: CliIO, options: LogsOptions, stats: IngestStats, summary: LogSummary, analyzer: Analyzer | undefined): void {
  if (options.json) {
    printJson(io, { stats, summary, ...(analyzer ? { api: analyzer.url } : {}), ...(options.otlp ? { otlp: options.otlp } : {}) });
    return;
  }
  const colors = colorsFor(io);
  const out: string[] = [];
  out.push(`read ${stats.files} file${stats.files === 1 ? '' : 's'}: ${stats.lines} lines, ${stats.records} records (${stats.unknownLines} unknown lines skipped, ${stats.withoutRequestId} records without a request id${stats.attachedByInstance > 0 ? `, ${stats.attachedByInstance} of them placed by instance` : ''})`);
  for (const error of stats.errors) out.push(colors.yellow(`  ${error}`));
  const operations = Object.entries(summary.operations).map(([op, n]) => `${op || 'unknown'} ×${n}`);
  out.push(`${summary.flows} requests; ${summary.multiServiceFlows} spanning more than one service${operations.length > 0 ? `: ${operations.join(', ')}` : ''}`);
  for (const flow of summary.multiService.slice(0, 20)) {
    out.push(`  ${flow.id}  ${(flow.operation || 'unknown').padEnd(8)} ${flow.services.join(' → ')}  ${formatDuration(flow.durationUs)}${flow.request ? `  ${flow.request}` : ''}`);
  }
  if (summary.multiService.length > 20) out.push(colors.dim(`  … ${summary.multiService.length - 20} more (--json lists them)`));
  out.push(`${stats.spans} spans (${stats.inferredHops} inferred hops) handed to ${options.otlp ?? 'the analyzer'}${stats.spansRefused > 0 ? colors.red(`; ${stats.spansRefused} refused`) : ''}`);
  if (analyzer !== undefined) {
    for (const item of summary.multiService.slice(0, options.show)) {
      const flow = analyzer.getFlow(item.id);
      if (flow !== undefined) out.push('', flowText(flow, colors, { compact: true }).trimEnd());
    }
  }
  io.stdout.write(out.join('\n') + '\n');
}
