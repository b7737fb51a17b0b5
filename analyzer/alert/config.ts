import { fileURLToPath } from 'node:url';
import type { AlertmanagerOptions } from './sink/alertmanager-sink.js';
import type { AlertLogger } from './sink/logger.js';

/** The models shipped with hoptrace (`models/` at the repository root). */
export const SHIPPED_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export interface AlertingConfig {
  /** Directory of the shipped expected-flow models and invariants; `false` turns them off. @default SHIPPED_MODELS_DIR */
  readonly modelsDir?: string | false;
  /** A user's own model files; a model here replaces the shipped one of the same operation. @default none */
  readonly userModelsDir?: string;
  /** Where learned baselines are read at start and written by learn and accept (`<operation>.yaml`). @default none: kept in memory */
  readonly baselineDir?: string;
  /**
   * How long after a flow completes its missing hops are judged, in ms: spans that arrive late
   * (other components export on their own schedule) re-open the flow meanwhile. Everything a hop
   * that is present breaks is alerted at once. Minimum 0 (judge at once). @default 1000
   */
  readonly completionGraceMs?: number;
  /** Completed flows kept per operation to learn baselines from. Minimum 1. @default 200 */
  readonly learnWindow?: number;
  /** Slack on learned counts (0.5: half again the most seen). Minimum 0. @default 0.5 */
  readonly countTolerance?: number;
  /** Alerts one (rule, edge) raises at once across flows before they fold into one group alert. Minimum 1. @default 20 */
  readonly burst?: number;
  /** Refill rate of that allowance, alerts per minute. Minimum 0. @default 60 */
  readonly perMinute?: number;
  /** Alerts kept in memory; oldest evicted first (counted). Minimum 1. @default 10000 */
  readonly maxAlerts?: number;
  /** Base URL printed in webhook payloads (generatorURL), e.g. `http://127.0.0.1:16686`. @default '' */
  readonly publicUrl?: string;
  /** Deliver alerts to a Prometheus Alertmanager. @default none */
  readonly alertmanager?: AlertmanagerOptions;
  /** One line per new alert, and sink trouble. @default silent */
  readonly logger?: AlertLogger;
  /** The clock, microseconds since the epoch (tests and benchmarks set it). @default Date.now() × 1000 */
  readonly nowUs?: () => number;
}

/** The defaults of the numeric settings, in one place (pinned by config.test.ts). */
export const ALERTING_DEFAULTS = Object.freeze({
  completionGraceMs: 1000,
  learnWindow: 200,
  countTolerance: 0.5,
  burst: 20,
  perMinute: 60,
  maxAlerts: 10_000,
});

/** Every problem with a config at once, each naming its key; empty when the config is usable. */
export function validateAlertingConfig(config: AlertingConfig): string[] {
  const problems: string[] = [];
  const atLeast = (key: keyof AlertingConfig, min: number, integer: boolean): void => {
    const v = config[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || Number.isNaN(v) || v < min || (integer && !Number.isInteger(v))) {
      problems.push(`${key}: must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
    }
  };
  atLeast('completionGraceMs', 0, false);
  atLeast('learnWindow', 1, true);
  atLeast('countTolerance', 0, false);
  atLeast('burst', 1, true);
  atLeast('perMinute', 0, false);
  atLeast('maxAlerts', 1, true);
  if (config.alertmanager) {
    try {
      const u = new URL(config.alertmanager.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push('alertmanager.url: must be http or https');
    } catch {
      problems.push(`alertmanager.url: not a URL: ${JSON.stringify(config.alertmanager.url)}`);
    }
  }
  if (config.publicUrl) {
    try {
      new URL(config.publicUrl);
    } catch {
      problems.push(`publicUrl: not a URL: ${JSON.stringify(config.publicUrl)}`);
    }
  }
  return problems;
}
