/**
 * One `hoptrace` subcommand. The dispatcher in cli/main.ts is the only place that reads
 * process.argv, the environment, and calls process.exit; a command reads its arguments from
 * `argv` (everything after the subcommand name) and writes only through `io`.
 */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** true when stdout is a terminal: colour and progress feedback only then. */
  readonly isTTY: boolean;
  /** The environment, as read by main.ts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM; long-running commands (follow, tail, start) stop on it. */
  readonly signal: AbortSignal;
}

/** Exit codes shared by every subcommand. */
export const ExitCode = {
  ok: 0,
  /** The command ran but found a problem (e.g. an alert, a failed flow). */
  failure: 1,
  /** Bad arguments: a clear message went to stderr. */
  usage: 2,
  /** Not found (unknown request id, …). */
  notFound: 3,
  /** A service the command needs could not be reached. */
  unavailable: 4,
} as const;

export interface Command {
  /** The subcommand word, e.g. `flow`. */
  readonly name: string;
  /** One line for `hoptrace --help`. */
  readonly summary: string;
  /** The full `--help` text of the subcommand. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIO): Promise<number>;
}
