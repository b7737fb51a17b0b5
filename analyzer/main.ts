/**
 * The standalone analyzer: `tsx analyzer/main.ts [--db flows.db] [--port 16686] [--host 127.0.0.1]
 * [--quiet-ms 3000]`, or the same through HOPTRACE_ANALYZER_DB / _PORT / _HOST / _QUIET_MS. Serves
 * the query API over the stored flows; spans arrive through `startAnalyzer(...).ingest` when the
 * analyzer is embedded (`hoptrace start`) or through the Kafka ingest. The only place that reads
 * argv and the environment, handles signals and exits.
 */
import { parseArgs } from 'node:util';
import { AnalyzerConfigError } from './config.js';
import { startAnalyzer } from './index.js';

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'quiet-ms': { type: 'string' } },
    strict: true,
  });
  const env = process.env;
  try {
    const analyzer = await startAnalyzer({
      dbPath: values.db ?? env['HOPTRACE_ANALYZER_DB'] ?? 'hoptrace-flows.db',
      port: numberOrUndefined(values.port ?? env['HOPTRACE_ANALYZER_PORT']),
      host: values.host ?? env['HOPTRACE_ANALYZER_HOST'],
      quietPeriodMs: numberOrUndefined(values['quiet-ms'] ?? env['HOPTRACE_ANALYZER_QUIET_MS']),
    });
    process.stdout.write(`hoptrace analyzer: query API on ${analyzer.url} (database ${analyzer.config.dbPath})\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await analyzer.shutdown();
    return 0;
  } catch (error) {
    process.stderr.write(`hoptrace analyzer: ${error instanceof AnalyzerConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AnalyzerConfigError ? 2 : 1;
  }
}

process.exitCode = await main();
