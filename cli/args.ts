import { parseArgs } from 'node:util';

/** Bad command-line input: the dispatcher prints the message and the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Strict parsing: an unknown flag, a missing flag value or a stray positional is a UsageError
 * naming it. `--help`/`-h` is always accepted (commands check `wantsHelp` first).
 */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec, maxPositionals: number): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(cleanParseMessage(error));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** A flag's string value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A positive integer flag; `fallback` when absent. */
export function intFlag(args: ParsedArgs, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new UsageError(`--${name} must be an integer from 1 to ${max}, got '${raw}'`);
  }
  return value;
}

function cleanParseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node's messages end with advice about '--' that does not apply to hoptrace.
  return message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option');
}
