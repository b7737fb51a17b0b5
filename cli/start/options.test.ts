import { describe, expect, it } from 'vitest';
import { parseCommandArgs, UsageError } from '../args.js';
import { readStartFlags, START_OPTIONS } from './options.js';

const read = (...argv: string[]) => readStartFlags(parseCommandArgs(argv, START_OPTIONS, 0));

describe('readStartFlags', () => {
  it('defaults to the whole scenario on the usual ports, in-process', () => {
    expect(read()).toEqual({ steps: ['boot', 'shelve', 'unshelve', 'delete', 'fault'], apiPort: 16686, ephemeralPorts: false, exitAfterScenario: false, json: false });
  });

  it('reads every flag', () => {
    expect(read('--operations', 'shelve, fault', '--port', '0', '--ephemeral', '--kafka', '127.0.0.1:9092,kafka-2:9093', '--jaeger', 'http://jaeger:4318/', '--exit-after-scenario', '--state-dir', '/tmp/x')).toEqual({
      steps: ['shelve', 'fault'], apiPort: 0, ephemeralPorts: true, exitAfterScenario: true, json: false, stateDir: '/tmp/x',
      kafkaBrokers: ['127.0.0.1:9092', 'kafka-2:9093'], jaegerOtlpUrl: 'http://jaeger:4318', jaegerUiUrl: 'http://jaeger:16686',
    });
  });

  it('runs no scenario with --no-scenario', () => {
    expect(read('--no-scenario').steps).toEqual([]);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      read('--operations', 'reboot', '--port', 'http', '--jaeger-ui', 'jaeger');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message.split('\n').map((line) => line.trim())).toEqual([
      "--operations: unknown 'reboot' (choose from boot, shelve, unshelve, delete, fault)",
      "--port must be a port number from 0 to 65535, got 'http'",
      "--jaeger-ui must be an http(s) URL, got 'jaeger'",
    ]);
  });

  it('refuses --exit-after-scenario without a scenario', () => {
    expect(() => read('--no-scenario', '--exit-after-scenario')).toThrow('--exit-after-scenario needs a scenario to run');
  });
});
