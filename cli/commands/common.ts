import { ApiClient, DEFAULT_API_URL } from '../api-client.js';
import { stringFlag } from '../args.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import { palette } from '../color.js';
import type { Palette } from '../color.js';
import type { CliIO } from '../command.js';

/** Options every API-reading command accepts. */
export const API_OPTIONS: OptionSpec = {
  api: { type: 'string' },
  json: { type: 'boolean' },
};

export const API_OPTIONS_USAGE = `  --api <url>   the analyzer's address (default $HOPTRACE_API or ${DEFAULT_API_URL})
  --json        print JSON instead of text
  -h, --help    show this help`;

export function apiClientFor(args: ParsedArgs, io: CliIO): ApiClient {
  return new ApiClient(stringFlag(args, 'api') ?? io.env.HOPTRACE_API ?? DEFAULT_API_URL);
}

export function colorsFor(io: CliIO): Palette {
  return palette(io.isTTY && io.env.NO_COLOR === undefined);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
