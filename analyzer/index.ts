/**
 * The analyzer: ingest (a SpanConsumer the collector or the Kafka ingest calls) → flow assembly →
 * store → query API, started and stopped as one component.
 *
 *   const analyzer = await startAnalyzer({ dbPath: 'flows.db', port: 0 });
 *   await analyzer.ingest.consume(spans);
 *   analyzer.getFlow('req-…');   // any request id of the flow
 *   await analyzer.shutdown();
 */
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpanConsumer } from '../core/consumer.js';
import { PermanentError, RetryableError } from '../core/errors.js';
import type { Span } from '../core/span.js';
import { isValidSpanId, isValidTraceId } from '../core/span.js';
import type { Flow } from '../core/flow.js';
import { resolveAnalyzerConfig } from './config.js';
import type { AnalyzerConfig, ResolvedAnalyzerConfig } from './config.js';
import { createQueryApp } from './query/app.js';
import type { QueryCounters, RouteMount } from './query/app.js';
import { withFlowFastPath } from './query/flow-fast-path.js';
import type { FlowSource } from './query/source.js';
import { FlowAssembler } from './reconstruct/assembler.js';
import { ReaderActivity } from './reconstruct/write-budget.js';
import type { FlowListener } from './reconstruct/assembler.js';
import type { FlowQuery, FlowStore } from './store/contracts.js';
import { SlicedPruner } from './store/sliced-pruner.js';
import { SqliteFlowStore } from './store/sqlite/sqlite-store.js';
import { StoreThread, threadedWriter } from './reconstruct/writer/store-thread.js';

export type { AnalyzerConfig, ResolvedAnalyzerConfig } from './config.js';
export type { FlowChange, FlowListener } from './reconstruct/assembler.js';
export type { FlowQuery } from './store/contracts.js';

export interface AnalyzerCounters {
  /** Spans accepted by ingest. */
  readonly spansAccepted: number;
  /** Spans refused by ingest (invalid ids), never stored. */
  readonly spansRefused: number;
  readonly duplicates: number;
  readonly merges: number;
  readonly reopened: number;
  readonly flowsCompleted: number;
  readonly flowsInFlight: number;
  /** Background writes (completions, periodic flushes) the store refused; their spans and flows stay in memory and are written again. */
  readonly writeErrors: number;
  /** Retention passes that ended on a store error (the next interval tries again). */
  readonly retentionErrors: number;
  readonly query: Readonly<QueryCounters>;
}

export interface Analyzer {
  /**
   * Where spans go in: resolves once every span of the batch is in the store (committed: survives
   * a crash of this process), so a sender may acknowledge them. A span whose parent has not arrived
   * is held up to settleMs first. Rejects with RetryableError when the store refuses the write.
   */
  readonly ingest: SpanConsumer;
  /** Base URL of the query API, e.g. `http://127.0.0.1:16686`. */
  readonly url: string;
  readonly config: ResolvedAnalyzerConfig;
  /** The flow for any of its request ids, in flight or stored; undefined when unknown. */
  getFlow(requestId: string): Flow | undefined;
  /** Flows matching every given filter, newest first; limit defaults to 20. */
  searchFlows(query?: Partial<FlowQuery>): Promise<Flow[]>;
  /** Called on every rebuild of an in-flight flow and on completion; returns the unsubscribe function. */
  onFlow(listener: FlowListener): () => void;
  /** Raw spans of a flow (by id or any alias), by start time. */
  spansOf(flowId: string): readonly Span[];
  counters(): AnalyzerCounters;
  /** Stops the API, completes nothing early, writes every in-flight span; safe to call twice. */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  /** Mounted on the query app before its 404 handler (alerts, web view). */
  readonly routes?: readonly RouteMount[];
  /** A store to use instead of SQLite at `dbPath` (closed on shutdown). */
  readonly store?: FlowStore;
}

function listen(handler: RequestListener, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export async function startAnalyzer(config: AnalyzerConfig = {}, options: StartOptions = {}): Promise<Analyzer> {
  const resolved = resolveAnalyzerConfig(config);
  // The writer thread opens the file first (schema, version check); this connection then only reads.
  const thread = options.store === undefined && resolved.writerThread && resolved.dbPath !== ':memory:' ? await StoreThread.open(resolved.dbPath) : undefined;
  let store: FlowStore;
  try {
    store = options.store ?? new SqliteFlowStore(resolved.dbPath, thread === undefined ? {} : { checkpoint: 'auto' });
  } catch (error) {
    await thread?.close();
    throw error;
  }
  // With the thread, this connection reads and prepares the thread's writes (it never writes).
  const writer = thread === undefined ? undefined : threadedWriter(thread, store as SqliteFlowStore);
  // Every request to the analyzer's HTTP side is a reader: writes keep their pauses short while one is about.
  const readers = new ReaderActivity();
  const assembler = new FlowAssembler({ ...resolved, store, writer, writeBudget: { readers } });
  const source: FlowSource = {
    getFlow: (id) => assembler.getFlow(id),
    getFlowJson: (id) => assembler.getFlowJson(id),
    spansOf: (id) => assembler.spansOf(id),
    searchFlows: (q) => assembler.searchFlows(q),
    flowIdOfTrace: (traceId) => assembler.flowIdOfTrace(traceId),
    reader: store,
  };
  const queryCounters: QueryCounters = { ok: 0, clientErrors: 0, serverErrors: 0 };
  let server: Server;
  try {
    const app = createQueryApp(source, options.routes, queryCounters);
    const answer = withFlowFastPath(app, source, queryCounters);
    server = await listen((req, res) => {
      readers.noteRead();
      answer(req, res);
    }, resolved.host, resolved.port);
  } catch (error) {
    await thread?.close();
    store.close();
    throw error;
  }
  const tick = setInterval(() => assembler.tick(), resolved.tickMs);
  const pruner = new SlicedPruner(thread ?? store, resolved.retention);
  const prune = setInterval(() => void pruner.run(Date.now() * 1000), resolved.retention.intervalMs);
  let accepted = 0;
  let refused = 0;
  let stopped: Promise<void> | undefined;
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`,
    config: resolved,
    ingest: {
      async consume(spans) {
        if (stopped !== undefined) throw new RetryableError('analyzer is shutting down');
        const invalid = spans.filter((s) => !isValidTraceId(s.traceId) || !isValidSpanId(s.spanId));
        if (invalid.length > 0) {
          refused += spans.length;
          throw new PermanentError(`${invalid.length} of ${spans.length} spans have an invalid trace or span id; batch refused`);
        }
        try {
          assembler.add(spans);
          await assembler.durable(spans);
        } catch (error) {
          refused += spans.length;
          throw new RetryableError(`analyzer could not store spans: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        accepted += spans.length;
      },
    },
    getFlow: (id) => assembler.getFlow(id),
    searchFlows: (q = {}) => assembler.searchFlows({ limit: 20, ...q }),
    onFlow: (listener) => assembler.onFlow(listener),
    spansOf: (id) => assembler.spansOf(id),
    counters: () => ({
      spansAccepted: accepted, spansRefused: refused, duplicates: assembler.counts.duplicates, merges: assembler.counts.merges,
      reopened: assembler.counts.reopened, flowsCompleted: assembler.counts.completed, flowsInFlight: assembler.inFlight,
      writeErrors: assembler.counts.writeErrors, retentionErrors: pruner.errors, query: { ...queryCounters },
    }),
    shutdown() {
      stopped ??= (async () => {
        clearInterval(tick);
        clearInterval(prune);
        await pruner.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        try {
          await assembler.close();
        } finally {
          await thread?.close();
          store.close();
        }
      })();
      return stopped;
    },
  };
}
