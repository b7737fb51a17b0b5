import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../analyzer/alert/index.js';
import type { Flow } from '../../core/flow.js';
import { parseCommandArgs } from '../args.js';
import { ExitCode } from '../command.js';
import type { CliIO, Command } from '../command.js';
import { withProgress } from '../progress.js';
import { ComputeClient } from '../start/compute-client.js';
import type { Embedded } from '../start/embedded.js';
import { START_OPTIONS, readStartFlags } from '../start/options.js';
import type { StartFlags } from '../start/options.js';
import { addressesReport, stepReport } from '../start/report.js';
import { runScenario, SCENARIO_STEPS } from '../start/scenario.js';
import type { MutableFaults, ScenarioStep } from '../start/scenario.js';
import { waitForFlow } from '../start/wait-flow.js';
import { colorsFor } from './common.js';

const usage = `Usage: hoptrace start [options]

Starts the simulated OpenStack cloud, the tracing shims, the collector and the analyzer in one
process, runs a short scenario (${SCENARIO_STEPS.join(', ')}: boot, shelve, unshelve and delete one
server, then boot another with a fault switched on), prints each flow's numbered hops and its
alerts, and keeps the API and the web view running until Ctrl-C.

Options:
  --no-scenario          run nothing; just start everything
  --operations <list>    the scenario steps to show, comma-separated, from ${SCENARIO_STEPS.join(', ')}
                         (steps a chosen one needs, like the boot before a shelve, run quietly)
  --port <n>             port of the API and web view (default 16686; 0 picks a free one)
  --ephemeral            every other port (cloud services, OTLP receiver) picked free, not the usual
  --kafka <brokers>      hand spans from the collector to the analyzer through Kafka (host:port,…)
  --jaeger <url>         also export each completed flow to a Jaeger's OTLP/HTTP receiver
                         (e.g. http://127.0.0.1:4318); the web view links to it
  --jaeger-ui <url>      the Jaeger UI for those links (default: the --jaeger host, port 16686)
  --alertmanager <url>   post every alert to this Prometheus Alertmanager (http://127.0.0.1:9093)
  --state-dir <dir>      where the openrc file and service logs go (default: a new temp folder)
  --exit-after-scenario  stop after the scenario; exit 1 unless every clean flow completed without
                         an alert and the fault raised one
  --json                 one JSON object per step, then one with the addresses
  -h, --help             show this help
`;

interface StepOutcome {
  readonly step: ScenarioStep;
  readonly flow: Flow | undefined;
  readonly alerts: readonly Alert[];
}

export const startCommand: Command = {
  name: 'start',
  summary: 'run cloud, collector, analyzer and web view in one process, with a scenario',
  usage,
  async run(argv, io) {
    const flags = readStartFlags(parseCommandArgs(argv, START_OPTIONS, 0));
    const stateDir = flags.stateDir ?? (await mkdtemp(join(tmpdir(), 'hoptrace-')));
    const faults: MutableFaults = { callInsteadOfCast: false };
    // Loaded here, not at the top: the other subcommands should not pay for loading the whole cloud.
    const { startEmbedded } = await import('../start/embedded.js');
    let embedded: Embedded;
    try {
      embedded = await withProgress(io, 'starting the cloud, collector and analyzer', () => startEmbedded({
        apiPort: flags.apiPort, ephemeralPorts: flags.ephemeralPorts, stateDir, faults, stepDelayMs: 20,
        ...(flags.kafkaBrokers && { kafkaBrokers: flags.kafkaBrokers }),
        ...(flags.jaegerOtlpUrl && { jaegerOtlpUrl: flags.jaegerOtlpUrl }),
        ...(flags.jaegerUiUrl && { jaegerUiUrl: flags.jaegerUiUrl }),
        ...(flags.alertmanagerUrl && { alertmanagerUrl: flags.alertmanagerUrl }),
      }));
    } catch (error) {
      io.stderr.write(`hoptrace start: could not start: ${startFailure(error)}\n`);
      return ExitCode.unavailable;
    }
    try {
      let outcomes: StepOutcome[];
      try {
        outcomes = await scenario(embedded, faults, flags, io);
      } catch (error) {
        // A server that ends in ERROR or never settles: say so, and keep serving what was traced.
        io.stderr.write(`hoptrace start: the scenario stopped: ${error instanceof Error ? error.message : String(error)}\n`);
        if (flags.exitAfterScenario) return ExitCode.failure;
        outcomes = [];
      }
      if (flags.exitAfterScenario) return verdict(outcomes, io);
      io.stdout.write(flags.json ? JSON.stringify(addresses(embedded)) + '\n' : addressesReport(embedded, colorsFor(io)));
      await new Promise<void>((resolve) => (io.signal.aborted ? resolve() : io.signal.addEventListener('abort', () => resolve(), { once: true })));
      return ExitCode.ok;
    } finally {
      if (!flags.json) io.stderr.write('stopping…\n');
      await embedded.shutdown();
    }
  },
};

async function scenario(embedded: Embedded, faults: MutableFaults, flags: StartFlags, io: CliIO): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  if (flags.steps.length === 0) return outcomes;
  const client = await ComputeClient.login(embedded.cloud.authUrl, embedded.cloud.endpoints['nova-api'], 'demo', 'demo');
  const colors = colorsFor(io);
  await runScenario(flags.steps, {
    client,
    faults,
    signal: io.signal,
    settleTimeoutMs: 30_000,
    around: (step, work) => withProgress(io, `running ${step}`, work),
    onStep: async ({ step, requestId, selected }) => {
      if (!selected) return;
      const flow = await withProgress(io, `waiting for the ${step} flow to complete`, () => waitForFlow(embedded.analyzer, requestId, 15_000, io.signal));
      const ids = new Set(flow?.aliases ?? [requestId]);
      const alerts = embedded.alerting.list().filter((alert) => ids.has(alert.flowId));
      outcomes.push({ step, flow, alerts });
      io.stdout.write(flags.json ? JSON.stringify({ step, requestId, flow, alerts }) + '\n' : stepReport(step, flow, requestId, alerts, colors));
    },
  });
  return outcomes;
}

/** ok when every clean step completed without alerts and the fault step raised at least one. */
function verdict(outcomes: readonly StepOutcome[], io: CliIO): number {
  const problems: string[] = [];
  for (const { step, flow, alerts } of outcomes) {
    if (!flow || flow.status === 'in_progress') problems.push(`${step}: the flow did not complete`);
    else if (step === 'fault' && alerts.length === 0) problems.push('fault: no alert was raised');
    else if (step !== 'fault' && (flow.status !== 'complete' || alerts.length > 0)) problems.push(`${step}: ${flow.status} with ${alerts.length} alert(s)`);
  }
  if (problems.length === 0) {
    io.stderr.write(`scenario ok: ${outcomes.length} flows as expected\n`);
    return ExitCode.ok;
  }
  io.stderr.write(`scenario failed:\n  ${problems.join('\n  ')}\n`);
  return ExitCode.failure;
}

function addresses(embedded: Embedded): Record<string, string> {
  return { api: embedded.analyzer.url, web: `${embedded.analyzer.url}/`, otlp: `${embedded.collector.url}/v1/traces`, keystone: embedded.cloud.authUrl, nova: embedded.cloud.endpoints['nova-api'], openrc: embedded.openrcPath, logs: embedded.logDir };
}

function startFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === 'EADDRINUSE' ? `${message} — another program holds that port; try --port 0 --ephemeral` : message;
}
