import { ApiError } from './api-client.js';
import { UsageError, wantsHelp } from './args.js';
import { ExitCode } from './command.js';
import type { CliIO, Command } from './command.js';

/** The top-level `hoptrace --help` text, listing every subcommand. */
export function topUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: hoptrace <command> [options]

See how OpenStack requests travel between services: traced flows, call graphs and alerts.

Commands:
${list}

Run 'hoptrace <command> --help' for a command's options.
`;
}

/**
 * Runs one CLI invocation and returns its exit code; never throws and never exits. Bad arguments
 * print a message naming the mistake plus a usage hint (exit 2); API failures print their message
 * and end with the ApiError's code; anything else is reported as an internal error (exit 1).
 */
export async function runCli(argv: readonly string[], io: CliIO, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((command) => command.name === rest[0]) : undefined;
    io.stdout.write(target ? target.usage : topUsage(commands));
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`hoptrace: unknown command '${name}'${suggest(name, commands)}\nRun 'hoptrace --help' for the list of commands.\n`);
    return ExitCode.usage;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(command.usage);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`hoptrace ${name}: ${error.message}\nRun 'hoptrace ${name} --help' for usage.\n`);
      return ExitCode.usage;
    }
    if (error instanceof ApiError) {
      io.stderr.write(`hoptrace ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    if (io.signal.aborted) return ExitCode.ok;
    io.stderr.write(`hoptrace ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failure;
  }
}

function suggest(name: string, commands: readonly Command[]): string {
  const close = commands.find((command) => command.name.startsWith(name.slice(0, 2)));
  return close ? ` (did you mean '${close.name}'?)` : '';
}
