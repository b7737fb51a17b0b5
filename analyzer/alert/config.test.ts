import { describe, expect, it } from 'vitest';
import { ALERTING_DEFAULTS, SHIPPED_MODELS_DIR, validateAlertingConfig } from './config.js';

describe('alerting config', () => {
  it('pins the defaults that the option docs state', () => {
    expect(ALERTING_DEFAULTS).toEqual({ completionGraceMs: 1000, learnWindow: 200, countTolerance: 0.5, burst: 20, perMinute: 60, maxAlerts: 10_000 });
    expect(SHIPPED_MODELS_DIR).toMatch(/\/models\/$/);
  });

  it('accepts an empty config and zero where zero means "at once" or "no refill"', () => {
    expect(validateAlertingConfig({})).toEqual([]);
    expect(validateAlertingConfig({ completionGraceMs: 0, perMinute: 0, countTolerance: 0 })).toEqual([]);
  });

  it('names every bad key at once', () => {
    expect(validateAlertingConfig({ completionGraceMs: -1, maxAlerts: 0, countTolerance: Number.NaN, publicUrl: 'not a url', alertmanager: { url: 'ftp://x' } })).toEqual([
      'completionGraceMs: must be a number >= 0, got -1',
      'countTolerance: must be a number >= 0, got NaN',
      'maxAlerts: must be an integer >= 1, got 0',
      'alertmanager.url: must be http or https',
      'publicUrl: not a URL: "not a url"',
    ]);
  });
});
