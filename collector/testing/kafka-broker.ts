import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', 'deploy', 'kafka.sh');

/**
 * The bootstrap brokers of a real Kafka for tests and benchmarks: `HOPTRACE_KAFKA_BROKERS`
 * (comma-separated) when the caller set it (CI's .ci/run does), else the single-node broker that
 * `deploy/kafka.sh start` runs (started now if it is not running). Never skips: failure throws
 * with the script's own explanation.
 */
export async function kafkaBrokers(env: NodeJS.ProcessEnv): Promise<string[]> {
  const configured = env.HOPTRACE_KAFKA_BROKERS;
  if (configured !== undefined && configured.trim() !== '') return configured.split(',').map((b) => b.trim());
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { timeout: 240_000 });
    const address = stdout.trim().split('\n').at(-1)!;
    return [address];
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`no Kafka broker: set HOPTRACE_KAFKA_BROKERS or make \`deploy/kafka.sh start\` work (needs Java 17 and Maven):\n${stderr}`, { cause: error });
  }
}
