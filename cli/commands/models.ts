import { parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { ParsedArgs } from '../args.js';
import type { ApiClient } from '../api-client.js';
import { ExitCode } from '../command.js';
import type { CliIO, Command } from '../command.js';
import { withProgress } from '../progress.js';
import { API_OPTIONS, API_OPTIONS_USAGE, apiClientFor, printJson } from './common.js';

const KINDS = ['http', 'rpc_call', 'rpc_cast', 'rpc_fanout', 'db'];

const usage = `Usage: hoptrace models [show [<operation>]] [options]
       hoptrace models learn <operation> [options]
       hoptrace models accept <operation> (--alert <id> | --from <c> --to <c> --kind <k> --operation <op>) [options]

The expected-flow models alerts are checked against: shipped and user models per operation,
learned baselines, and the global invariants.

  show              list models, baselines and invariants (the default)
  show <operation>  print the operation's model as YAML (--baseline: its learned baseline)
  learn <operation> learn the operation's baseline from the recent complete flows
  accept <operation>  add an edge to the baseline: the hop an alert names, or one given by flags

Options:
  --baseline        with show <operation>: the baseline instead of the model
  --alert <id>      with accept: the alert whose hop to accept
  --from, --to, --kind, --operation   with accept: the edge (kind: ${KINDS.join(', ')})
${API_OPTIONS_USAGE}
`;

/** A model as the API returns it (`apiVersion: hoptrace/v1`, `kind: FlowModel`). */
interface ModelDocument {
  readonly metadata?: { readonly revision?: number; readonly learnedFrom?: number };
  readonly spec?: { readonly hops?: readonly unknown[] };
}

interface ModelSummary {
  readonly operation: string;
  readonly source: string;
  readonly revision: number;
  readonly hops: number;
  readonly required: number;
  readonly learnedFrom?: number;
  readonly file?: string;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'show expected-flow models, learn baselines, accept new edges',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      ...API_OPTIONS, baseline: { type: 'boolean' }, alert: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, kind: { type: 'string' }, operation: { type: 'string' },
    }, 2);
    const [action = 'show', operation] = args.positionals;
    const api = apiClientFor(args, io);
    const path = (suffix = '') => `/api/models/${encodeURIComponent(operation ?? '')}${suffix}`;
    switch (action) {
      case 'show':
        return operation ? showOne(api, io, path(), args) : showAll(api, io, args.values.json === true);
      case 'learn': {
        if (!operation) throw new UsageError('learn needs an <operation>, e.g. hoptrace models learn boot');
        const model = await withProgress(io, `learning ${operation}`, () => api.postJson<ModelDocument>(path('/learn'), {}));
        if (args.values.json) printJson(io, model);
        else io.stdout.write(`learned the ${operation} baseline from ${String(model.metadata?.learnedFrom ?? '?')} flows: ${model.spec?.hops?.length ?? 0} hops\n`);
        return ExitCode.ok;
      }
      case 'accept': {
        if (!operation) throw new UsageError('accept needs an <operation>, e.g. hoptrace models accept boot --alert <id>');
        const model = await api.postJson<ModelDocument>(path('/accept'), edgeBody(args));
        if (args.values.json) printJson(io, model);
        else io.stdout.write(`accepted into the ${operation} baseline (revision ${String(model.metadata?.revision ?? '?')}, ${model.spec?.hops?.length ?? 0} hops)\n`);
        return ExitCode.ok;
      }
      default:
        throw new UsageError(`unknown action '${action}' (show, learn or accept)`);
    }
  },
};

async function showAll(api: ApiClient, io: CliIO, json: boolean): Promise<number> {
  const body = await withProgress(io, 'fetching models', () => api.getJson<{ models: ModelSummary[]; baselines: ModelSummary[]; invariants: { name: string; forbidden: string[] }[] }>('/api/models'));
  if (json) {
    printJson(io, body);
    return ExitCode.ok;
  }
  const line = (m: ModelSummary) => `  ${m.operation.padEnd(12)} ${m.source.padEnd(8)} rev ${String(m.revision).padEnd(3)} ${String(m.hops).padStart(3)} hops (${m.required} required)${m.learnedFrom !== undefined ? `, learned from ${m.learnedFrom} flows` : ''}${m.file ? `  ${m.file}` : ''}`;
  io.stdout.write(['models:', ...body.models.map(line), 'baselines:', ...(body.baselines.length ? body.baselines.map(line) : ['  (none; hoptrace models learn <operation>)']), 'invariants:', ...body.invariants.map((i) => `  ${i.name}: ${i.forbidden.join(', ')}`)].join('\n') + '\n');
  return ExitCode.ok;
}

async function showOne(api: ApiClient, io: CliIO, path: string, args: ParsedArgs): Promise<number> {
  if (args.values.json) {
    printJson(io, await api.getJson(path));
    return ExitCode.ok;
  }
  io.stdout.write(await api.getText(path, { format: 'yaml', which: args.values.baseline ? 'baseline' : 'model' }));
  return ExitCode.ok;
}

function edgeBody(args: ParsedArgs): Record<string, string> {
  const alert = stringFlag(args, 'alert');
  const edge = { from: stringFlag(args, 'from'), to: stringFlag(args, 'to'), kind: stringFlag(args, 'kind'), operation: stringFlag(args, 'operation') };
  const given = Object.values(edge).filter((value) => value !== undefined).length;
  if (alert !== undefined && given > 0) throw new UsageError('give either --alert or --from/--to/--kind/--operation, not both');
  if (alert !== undefined) return { alert };
  const missing = Object.entries(edge).filter(([, value]) => value === undefined).map(([key]) => `--${key}`);
  if (missing.length > 0) throw new UsageError(`accept needs --alert <id>, or all of --from, --to, --kind, --operation (missing ${missing.join(', ')})`);
  if (!KINDS.includes(edge.kind!)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got '${edge.kind}'`);
  return edge as Record<string, string>;
}
