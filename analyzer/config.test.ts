import { describe, expect, it } from 'vitest';
import { AnalyzerConfigError, DEFAULT_ANALYZER_CONFIG, resolveAnalyzerConfig } from './config.js';

describe('resolveAnalyzerConfig', () => {
  it('pins the defaults', () => {
    expect(resolveAnalyzerConfig()).toEqual({
      dbPath: ':memory:', port: 16686, host: '127.0.0.1', quietPeriodMs: 3000, settleMs: 250, tickMs: 50, rebuildIntervalMs: 0, flushIntervalMs: 1000,
      maxInFlightFlows: 20_000, maxBufferedSpans: 50_000, retention: { maxAgeMs: 604_800_000, maxSpans: 5_000_000, intervalMs: 60_000 }, writerThread: false, endpoints: {},
    });
    expect(resolveAnalyzerConfig({})).toEqual(DEFAULT_ANALYZER_CONFIG);
  });

  it('keeps given values and fills the rest, retention included', () => {
    const config = resolveAnalyzerConfig({ port: 0, retention: { maxSpans: 10 } });
    expect(config.port).toBe(0);
    expect(config.retention).toEqual({ maxAgeMs: 604_800_000, maxSpans: 10, intervalMs: 60_000 });
  });

  it('reports every problem at once, naming the key', () => {
    const error = (() => {
      try {
        resolveAnalyzerConfig({ port: 70000, quietPeriodMs: 0, retention: { intervalMs: 5 }, dbPath: '' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AnalyzerConfigError);
    expect((error as AnalyzerConfigError).problems).toEqual([
      'dbPath must be a file path or ":memory:"',
      'port must be an integer from 0 to 65535, got 70000',
      'quietPeriodMs must be an integer from 1 to 9007199254740991, got 0',
      'retention.intervalMs must be an integer from 100 to 9007199254740991, got 5',
    ]);
  });
});
