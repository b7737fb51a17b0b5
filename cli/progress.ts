import type { CliIO } from './command.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Work that finishes sooner than this shows no progress at all. */
export const PROGRESS_AFTER_MS = 1000;

/**
 * Runs `work` and, if it takes longer than a second, tells the user on stderr: a spinner on a
 * terminal, one plain line otherwise (so logs of CI runs show what was slow). Never touches stdout.
 */
export async function withProgress<T>(io: CliIO, label: string, work: () => Promise<T>): Promise<T> {
  let frame = 0;
  let shown = false;
  let spinner: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    shown = true;
    if (!io.isTTY) {
      io.stderr.write(`${label}…\n`);
      return;
    }
    spinner = setInterval(() => {
      io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`);
    }, 80);
  }, PROGRESS_AFTER_MS);
  try {
    return await work();
  } finally {
    clearTimeout(start);
    if (spinner) clearInterval(spinner);
    if (shown && io.isTTY) io.stderr.write('\r\u001b[2K');
  }
}
