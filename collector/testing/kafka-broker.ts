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
  const configured = configuredBrokers(env);
  if (configured !== undefined) return configured;
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { timeout: 240_000 });
    const address = stdout.trim().split('\n').at(-1)!;
    return [address];
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`no Kafka broker: set HOPTRACE_KAFKA_BROKERS or make \`deploy/kafka.sh start\` work (needs Java 17 and Maven):\n${stderr}`, { cause: error });
  }
}

/** `HOPTRACE_KAFKA_BROKERS` as a list; undefined when unset or blank. */
function configuredBrokers(env: NodeJS.ProcessEnv): string[] | undefined {
  const configured = env.HOPTRACE_KAFKA_BROKERS;
  return configured === undefined || configured.trim() === '' ? undefined : configured.split(',').map((b) => b.trim());
}

/**
 * For a run that may start the dev broker through `kafkaBrokers` (a test run, a benchmark run):
 * remembers whether it runs now, and returns what to call when the run ends. That stops the
 * broker only if it was not running at the start, so a run leaves the machine as it found it (a
 * broker left behind holds port 9092 against the next `.ci/run`). A configured
 * HOPTRACE_KAFKA_BROKERS, or a broker already running, is left alone.
 */
export async function stopDevBrokerIfStartedLater(env: NodeJS.ProcessEnv): Promise<() => Promise<void>> {
  const leaveAlone = async (): Promise<void> => {};
  if (configuredBrokers(env) !== undefined) return leaveAlone;
  const runningNow = await run('bash', [SCRIPT, 'status']).then(() => true, () => false);
  if (runningNow) return leaveAlone;
  return async () => {
    await run('bash', [SCRIPT, 'stop'], { timeout: 60_000 }).catch(() => undefined);
  };
}
