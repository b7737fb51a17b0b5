/**
 * `hoptrace`: the only place that reads process.argv and the environment, installs signal
 * handlers and exits. Everything else is in cli/dispatch.ts and cli/commands/.
 */
import { COMMANDS } from './commands/index.js';
import type { CliIO } from './command.js';
import { runCli } from './dispatch.js';

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130); // a second Ctrl-C does not wait for a graceful shutdown
    controller.abort();
  });
}

const io: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  signal: controller.signal,
};

const code = await runCli(process.argv.slice(2), io, COMMANDS);
// Flush stdout before exiting: process.exit can cut a piped write short.
process.stdout.write('', () => process.exit(code));
