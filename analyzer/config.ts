/**
 * The analyzer's configuration: every field optional, defaults in code (DEFAULT_ANALYZER_CONFIG,
 * pinned by config.test.ts), one validation pass that reports every problem at once, naming the key.
 */

export interface RetentionConfig {
  /** Flows that ended longer ago are deleted with their spans, in ms; 0 keeps them forever. @default 604800000 (7 days) */
  readonly maxAgeMs?: number;
  /** At most this many spans are kept; the oldest flows go first; 0 = no limit. @default 5000000 */
  readonly maxSpans?: number;
  /** How often retention runs, in ms (minimum 100). @default 60000 */
  readonly intervalMs?: number;
}

export interface AnalyzerConfig {
  /** SQLite database file; created when absent. `:memory:` keeps nothing across restarts. @default ':memory:' */
  readonly dbPath?: string;
  /** Query API port; 0 picks a free port (see `Analyzer.url`). @default 16686 (Jaeger's query port) */
  readonly port?: number;
  /** Query API address; a loopback address unless you mean to expose it. @default '127.0.0.1' */
  readonly host?: string;
  /** A flow without its operation's final hop completes this long after its last span, in ms (minimum 1). @default 3000 */
  readonly quietPeriodMs?: number;
  /** A flow whose final hop was seen completes this long after its last span, in ms. @default 250 */
  readonly settleMs?: number;
  /** How often dirty flows are rebuilt and due flows completed, in ms (minimum 1). @default 50 */
  readonly tickMs?: number;
  /** A flow still receiving spans is rebuilt (and `updated` emitted) at most this often, in ms; 0 = every tick. Larger values save rebuild CPU under load but hand listeners fewer intermediate versions. @default 0 */
  readonly rebuildIntervalMs?: number;
  /** In-flight spans are written to the store at least this often, in ms (minimum 1). @default 1000 */
  readonly flushIntervalMs?: number;
  /** Beyond this many in-flight flows, the one quiet the longest completes early (minimum 1). @default 20000 */
  readonly maxInFlightFlows?: number;
  /** Beyond this many unwritten spans, ingest writes before it returns (minimum 1). @default 50000 */
  readonly maxBufferedSpans?: number;
  readonly retention?: RetentionConfig;
  /**
   * Write the SQLite file from a thread of its own, so commits run beside receive and reconstruct
   * (reads keep their own connection on the main thread). Ignored for `:memory:` (one connection
   * only) and for a store passed to startAnalyzer. Off by default: it takes the store's work (about
   * 40 % of the main thread's CPU per span) off it but adds about 20 % in all (the hand-off: 63
   * against 53 CPU s per million spans), and on the shared 2-core bench machine the embedded
   * pipeline was no faster with it (bench/pipeline.ts `--writer-thread`); turn it on where a core
   * is free for it. @default false
   */
  readonly writerThread?: boolean;
  /** REST endpoints (`host:port` or `host`) → component names, for client spans whose callee was not traced. @default {} */
  readonly endpoints?: Readonly<Record<string, string>>;
}

export type ResolvedAnalyzerConfig = Required<Omit<AnalyzerConfig, 'retention'>> & { readonly retention: Required<RetentionConfig> };

export const DEFAULT_ANALYZER_CONFIG: ResolvedAnalyzerConfig = Object.freeze({
  dbPath: ':memory:',
  port: 16686,
  host: '127.0.0.1',
  quietPeriodMs: 3000,
  settleMs: 250,
  tickMs: 50,
  rebuildIntervalMs: 0,
  flushIntervalMs: 1000,
  maxInFlightFlows: 20_000,
  maxBufferedSpans: 50_000,
  retention: Object.freeze({ maxAgeMs: 7 * 24 * 3600 * 1000, maxSpans: 5_000_000, intervalMs: 60_000 }),
  writerThread: false,
  endpoints: Object.freeze({}),
});

export class AnalyzerConfigError extends Error {
  override readonly name = 'AnalyzerConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid analyzer config: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

function checkInteger(problems: string[], key: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

/** Applies defaults and validates; throws AnalyzerConfigError listing every problem. */
export function resolveAnalyzerConfig(config: AnalyzerConfig = {}): ResolvedAnalyzerConfig {
  const d = DEFAULT_ANALYZER_CONFIG;
  const resolved: ResolvedAnalyzerConfig = {
    ...d,
    ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
    retention: { ...d.retention, ...Object.fromEntries(Object.entries(config.retention ?? {}).filter(([, v]) => v !== undefined)) },
  };
  const problems: string[] = [];
  if (typeof resolved.dbPath !== 'string' || resolved.dbPath === '') problems.push('dbPath must be a file path or ":memory:"');
  if (typeof resolved.host !== 'string' || resolved.host === '') problems.push('host must be a non-empty address');
  checkInteger(problems, 'port', resolved.port, 0, 65535);
  checkInteger(problems, 'quietPeriodMs', resolved.quietPeriodMs, 1);
  checkInteger(problems, 'settleMs', resolved.settleMs, 0);
  checkInteger(problems, 'tickMs', resolved.tickMs, 1);
  checkInteger(problems, 'rebuildIntervalMs', resolved.rebuildIntervalMs, 0);
  checkInteger(problems, 'flushIntervalMs', resolved.flushIntervalMs, 1);
  checkInteger(problems, 'maxInFlightFlows', resolved.maxInFlightFlows, 1);
  checkInteger(problems, 'maxBufferedSpans', resolved.maxBufferedSpans, 1);
  checkInteger(problems, 'retention.maxAgeMs', resolved.retention.maxAgeMs, 0);
  checkInteger(problems, 'retention.maxSpans', resolved.retention.maxSpans, 0);
  checkInteger(problems, 'retention.intervalMs', resolved.retention.intervalMs, 100);
  if (typeof resolved.writerThread !== 'boolean') problems.push(`writerThread must be true or false, got ${JSON.stringify(resolved.writerThread)}`);
  if (typeof resolved.endpoints !== 'object' || resolved.endpoints === null || Object.values(resolved.endpoints).some((v) => typeof v !== 'string')) {
    problems.push('endpoints must map "host:port" to component names');
  }
  if (problems.length > 0) throw new AnalyzerConfigError(problems);
  return Object.freeze(resolved);
}
