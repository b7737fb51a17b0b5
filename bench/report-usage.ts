/**
 * Preloaded into every child benchmark by bench/run.ts (`node --import tsx --import
 * ./bench/report-usage.ts …`): when the child exits it writes one line to stderr with its own CPU
 * seconds and peak resident memory (getrusage), which the runner reads back. Prints nothing else.
 */
import { usageLine } from './report-usage-line.js';

process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n${usageLine({ cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssMiB: usage.maxRSS / 1024 })}\n`);
});
