/** Alerts on unexpected hops: the public surface of analyzer/alert. */
export { createAlerting } from './alerting.js';
export type { Alerting, AlertingStats, FlowChange, FlowSource } from './alerting.js';
export { ALERTING_DEFAULTS, SHIPPED_MODELS_DIR, validateAlertingConfig } from './config.js';
export type { AlertingConfig } from './config.js';
export type { Alert, AlertChange, AlertHop, AlertListener } from './store/alert.js';
export { evaluateFlow } from './evaluate.js';
export type { Violation, ViolationType } from './rules/violation.js';
export { loadModelDir, parseModelText } from './model/load.js';
export { ModelError, isModelError } from './model/model-error.js';
export { modelToYaml } from './model/serialize.js';
export type { FlowModel, Invariants, Severity } from './model/types.js';
export { learnBaseline, acceptEdge } from './baseline/learn.js';
export { alertLogLine } from './sink/logger.js';
export type { AlertLogger } from './sink/logger.js';
export type { AlertmanagerOptions, SinkStats } from './sink/alertmanager-sink.js';
