import { UsageError, stringFlag } from '../args.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import { SCENARIO_STEPS } from './scenario.js';
import type { ScenarioStep } from './scenario.js';

export const START_OPTIONS: OptionSpec = {
  'no-scenario': { type: 'boolean' },
  operations: { type: 'string' },
  kafka: { type: 'string' },
  jaeger: { type: 'string' },
  'jaeger-ui': { type: 'string' },
  alertmanager: { type: 'string' },
  port: { type: 'string' },
  ephemeral: { type: 'boolean' },
  'exit-after-scenario': { type: 'boolean' },
  'state-dir': { type: 'string' },
  json: { type: 'boolean' },
};

/** `hoptrace start`'s flags, checked. */
export interface StartFlags {
  readonly steps: readonly ScenarioStep[];
  readonly apiPort: number;
  readonly ephemeralPorts: boolean;
  readonly kafkaBrokers?: readonly string[];
  readonly jaegerOtlpUrl?: string;
  readonly jaegerUiUrl?: string;
  readonly alertmanagerUrl?: string;
  readonly exitAfterScenario: boolean;
  readonly stateDir?: string;
  readonly json: boolean;
}

/** Reads every flag, reporting all problems at once in one UsageError. */
export function readStartFlags(args: ParsedArgs): StartFlags {
  const problems: string[] = [];
  const operations = stringFlag(args, 'operations');
  let steps: ScenarioStep[] = [...SCENARIO_STEPS];
  if (args.values['no-scenario']) {
    if (operations !== undefined) problems.push('--no-scenario and --operations contradict each other');
    steps = [];
  } else if (operations !== undefined) {
    const names = operations.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = names.filter((name) => !(SCENARIO_STEPS as readonly string[]).includes(name));
    if (names.length === 0) problems.push('--operations needs at least one of ' + SCENARIO_STEPS.join(', '));
    if (unknown.length > 0) problems.push(`--operations: unknown ${unknown.map((n) => `'${n}'`).join(', ')} (choose from ${SCENARIO_STEPS.join(', ')})`);
    steps = SCENARIO_STEPS.filter((step) => names.includes(step));
  }
  const portText = stringFlag(args, 'port') ?? '16686';
  const apiPort = Number(portText);
  if (!/^\d+$/.test(portText) || apiPort > 65535) problems.push(`--port must be a port number from 0 to 65535, got '${portText}'`);
  const kafka = stringFlag(args, 'kafka');
  const kafkaBrokers = kafka?.split(',').map((broker) => broker.trim()).filter(Boolean);
  if (kafkaBrokers !== undefined && (kafkaBrokers.length === 0 || kafkaBrokers.some((broker) => !/^[\w.-]+:\d{1,5}$/.test(broker)))) problems.push(`--kafka must be host:port[,host:port…], got '${kafka}'`);
  const jaegerOtlpUrl = urlFlag(args, 'jaeger', problems);
  const jaegerUiUrl = urlFlag(args, 'jaeger-ui', problems) ?? (jaegerOtlpUrl ? defaultJaegerUi(jaegerOtlpUrl) : undefined);
  const alertmanagerUrl = urlFlag(args, 'alertmanager', problems);
  if (args.values['exit-after-scenario'] && steps.length === 0) problems.push('--exit-after-scenario needs a scenario to run');
  if (problems.length > 0) throw new UsageError(problems.join('\n  '));
  const stateDir = stringFlag(args, 'state-dir');
  return {
    steps, apiPort, ephemeralPorts: args.values.ephemeral === true, exitAfterScenario: args.values['exit-after-scenario'] === true, json: args.values.json === true,
    ...(kafkaBrokers && { kafkaBrokers }), ...(jaegerOtlpUrl && { jaegerOtlpUrl }), ...(jaegerUiUrl && { jaegerUiUrl }), ...(alertmanagerUrl && { alertmanagerUrl }), ...(stateDir && { stateDir }),
  };
}

function urlFlag(args: ParsedArgs, name: string, problems: string[]): string | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^https?:\/\//.test(value) || !URL.canParse(value)) {
    problems.push(`--${name} must be an http(s) URL, got '${value}'`);
    return undefined;
  }
  return value.replace(/\/+$/, '');
}

/** Jaeger's UI listens on 16686 of the host that receives OTLP. */
function defaultJaegerUi(otlpUrl: string): string {
  const url = new URL(otlpUrl);
  return `${url.protocol}//${url.hostname}:16686`;
}
