import type { Express } from 'express';
import type { Flow, Hop } from '../../core/flow.js';
import type { Span } from '../../core/span.js';
import type { AlertingConfig } from './config.js';
import { CompletionGrace } from './completion-grace.js';
import { ALERTING_DEFAULTS, SHIPPED_MODELS_DIR, validateAlertingConfig } from './config.js';
import { withCurrentHop } from './current-hop.js';
import { evaluateFlow } from './evaluate.js';
import { FlowWindow } from './flow-window.js';
import { alertRoutes } from './http/routes.js';
import { SseHub } from './http/sse.js';
import { ModelRegistry } from './model/registry.js';
import type { ExpectedHop, FlowModel } from './model/types.js';
import { AlertmanagerSink } from './sink/alertmanager-sink.js';
import type { SinkStats } from './sink/alertmanager-sink.js';
import { SILENT_LOGGER, alertLogLine } from './sink/logger.js';
import type { Alert, AlertListener } from './store/alert.js';
import { AlertStore } from './store/alert-store.js';
import type { AlertStoreStats } from './store/alert-store.js';

export type FlowChange = 'updated' | 'completed';

/** Rules whose violations a later, fuller version of a completed flow can withdraw. */
function isCompletionRule(rule: string): boolean {
  return rule.endsWith('/missing-hop') || rule.endsWith('/missing-edge');
}

/** What alerting needs from the analyzer; `startAnalyzer`'s Analyzer satisfies it. */
export interface FlowSource {
  onFlow(listener: (flow: Flow, change: FlowChange) => void): () => void;
  /** The flow's latest version, to judge it after the completion grace; absent: the completed version is used. */
  getFlow?(flowId: string): Flow | undefined;
  /** The flow's spans; used only for flows that arrived in more than one trace. */
  spansOf?(flowId: string): readonly Span[];
}

export interface AlertingStats {
  readonly evaluations: number;
  /** Total evaluation time, microseconds. */
  readonly evaluationUs: number;
  /** Evaluations that threw (a rule bug); the flow is skipped, ingest goes on. */
  readonly evaluationErrors: number;
  readonly store: AlertStoreStats;
  readonly alertmanager?: SinkStats;
  readonly streamClients: number;
  readonly streamDropped: number;
  /** API requests answered 4xx. */
  readonly requestsRefused: number;
  readonly window: Record<string, number>;
}

export interface Alerting {
  /** Mounts `/api/alerts…` and `/api/models…` on the analyzer's app. */
  routes(app: Express): void;
  /** Subscribes to a flow source (when not given to createAlerting). Once only. */
  attach(source: FlowSource): void;
  /**
   * Evaluates one flow now, in full (a `completed` flow includes missing hops at once, without the
   * grace the analyzer subscription gives); returns the alerts created, changed or resolved.
   */
  evaluate(flow: Flow, change: FlowChange): Alert[];
  list(): Alert[];
  get(id: string): Alert | undefined;
  onAlert(listener: AlertListener): () => void;
  /** Learns the operation's baseline from the completed flows of the window. */
  learn(operation: string): FlowModel;
  /** Accepts an edge into a baseline; undefined when the operation has none. */
  accept(operation: string, edge: Pick<ExpectedHop, 'from' | 'to' | 'kind' | 'operation'>): FlowModel | undefined;
  readonly registry: ModelRegistry;
  stats(): AlertingStats;
  /** Stops listening, closes streams, delivers what is queued (bounded). Safe twice. */
  shutdown(): Promise<void>;
}

/**
 * Alerts on unexpected hops. Every flow update is evaluated synchronously against the invariants,
 * its operation's model and baseline (missing hops only at completion); findings become
 * de-duplicated alerts, streamed, logged, and sent to Alertmanager without ever blocking the
 * caller. Throws at once on a bad config or a bad model file (every problem listed).
 */
export function createAlerting(config: AlertingConfig = {}, analyzer?: FlowSource): Alerting {
  const problems = validateAlertingConfig(config);
  if (problems.length > 0) throw new Error(`invalid alerting config:\n${problems.join('\n')}`);
  const now = config.nowUs ?? (() => Date.now() * 1000);
  const log = config.logger ?? SILENT_LOGGER;
  const registry = new ModelRegistry({
    modelsDir: config.modelsDir === undefined ? SHIPPED_MODELS_DIR : config.modelsDir,
    ...(config.userModelsDir !== undefined && { userModelsDir: config.userModelsDir }),
    ...(config.baselineDir !== undefined && { baselineDir: config.baselineDir }),
  });
  const d = ALERTING_DEFAULTS;
  const store = new AlertStore({ maxAlerts: config.maxAlerts ?? d.maxAlerts, burst: config.burst ?? d.burst, perMinute: config.perMinute ?? d.perMinute });
  const window = new FlowWindow(config.learnWindow ?? d.learnWindow);
  const hub = new SseHub();
  const sink = config.alertmanager && new AlertmanagerSink({ publicUrl: config.publicUrl ?? '', ...config.alertmanager }, log);
  const counters = { evaluations: 0, evaluationUs: 0, evaluationErrors: 0 };
  const refused = { count: 0 };
  let source: FlowSource | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  store.onAlert((alert, change) => {
    hub.send(change === 'new' ? 'alert' : `alert-${change}`, alert.id, alert);
    sink?.enqueue(alert);
    if (change === 'new') log.warn(alertLogLine(alert));
    if (change === 'resolved') log.info(`resolved ${alertLogLine(alert)}`);
  });

  const judge = (flow: Flow, phase: 'update' | 'complete'): Alert[] => {
    if (closed) return [];
    const started = performance.now();
    try {
      const spans = phase === 'complete' && flow.traceIds.length > 1 ? source?.spansOf?.(flow.id) : undefined;
      const violations = evaluateFlow({
        flow,
        phase,
        invariants: registry.invariants,
        model: registry.model(flow.operation),
        baseline: registry.baseline(flow.operation),
        ...(spans && { spans }),
      });
      const changed = store.record(flow, violations, now());
      if (phase === 'complete') changed.push(...store.resolveGone(flow, isCompletionRule, violations, now()));
      return changed;
    } catch (error) {
      counters.evaluationErrors++;
      log.warn(`alerting: evaluating flow ${flow.id} failed: ${(error as Error).message}`);
      return [];
    } finally {
      counters.evaluations++;
      counters.evaluationUs += Math.round((performance.now() - started) * 1000);
    }
  };

  const evaluate = (flow: Flow, change: FlowChange): Alert[] => {
    if (change === 'completed' && flow.status === 'complete') window.add(flow);
    return judge(flow, change === 'completed' ? 'complete' : 'update');
  };

  /**
   * The subscription: hops at once; missing hops `completionGraceMs` after completion, on the
   * latest version (read from the analyzer only when an event named the flow since: completion-grace.ts).
   */
  const graceMs = config.completionGraceMs ?? d.completionGraceMs;
  const grace = new CompletionGrace(graceMs, (completed, stale) => {
    const latest = stale ? (source?.getFlow?.(completed.id) ?? completed) : completed;
    if (latest.status !== 'in_progress') evaluate(latest, 'completed');
  });
  /**
   * Hop lists the subscription has judged as they were: a flow that completes as it was last
   * rebuilt (the same hops, a new status) is not judged again until its full judgement.
   */
  const judgedHops = new WeakSet<readonly Hop[]>();
  const judgeNewHops = (flow: Flow): void => {
    if (judgedHops.has(flow.hops)) return;
    judgedHops.add(flow.hops);
    judge(flow, 'update');
  };
  const onFlow = (flow: Flow, change: FlowChange): void => {
    grace.saw(flow);
    if (change === 'updated') return judgeNewHops(flow);
    if (graceMs === 0) return void evaluate(flow, change);
    if (flow.status === 'complete') window.add(flow);
    judgeNewHops(flow);
    grace.wait(flow);
  };

  /** Renders an alert's hop as it is in the flow now (see withCurrentHop). */
  const current = (alert: Alert, flows?: Map<string, Flow | undefined>): Alert =>
    source?.getFlow === undefined ? alert : withCurrentHop(alert, (id) => source?.getFlow?.(id), flows);

  const alerting: Alerting = {
    routes: (app) => alertRoutes(app, { alerting, hub, refused }),
    attach(s) {
      if (source) throw new Error('alerting is already attached to a flow source');
      source = s;
      unsubscribe = s.onFlow(onFlow);
    },
    evaluate,
    list() {
      const flows = new Map<string, Flow | undefined>();
      return store.list().map((a) => current(a, flows));
    },
    get(id) {
      const alert = store.get(id);
      return alert && current(alert);
    },
    onAlert: (listener) => store.onAlert(listener),
    learn: (operation) => registry.learn(operation, window.flows(operation), { countTolerance: config.countTolerance ?? d.countTolerance, allowed: registry.invariants.flatMap((i) => i.allowed) }),
    accept: (operation, edge) => registry.accept(operation, edge),
    registry,
    stats: () => ({
      ...counters,
      store: store.stats(),
      ...(sink && { alertmanager: sink.stats() }),
      streamClients: hub.clients,
      streamDropped: hub.dropped,
      requestsRefused: refused.count,
      window: window.counts(),
    }),
    async shutdown() {
      if (closed) return;
      closed = true;
      unsubscribe?.();
      grace.clear();
      hub.close();
      await sink?.shutdown();
    },
  };
  if (analyzer) alerting.attach(analyzer);
  return alerting;
}
