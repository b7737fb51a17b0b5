import { exportFlowOverOtlp } from '../../analyzer/export/jaeger/otlp-export.js';
import type { Analyzer } from '../../analyzer/index.js';

/** What the Jaeger forwarding did so far. */
export interface JaegerForwardStats {
  exported: number;
  failed: number;
  lastError: string;
}

/**
 * Sends every completed flow to a Jaeger over OTLP/HTTP as one trace (the analyzer's flow export),
 * never blocking the analyzer: exports run in the background, one at a time, and failures are
 * counted, not thrown. Returns the stats and a stop function that waits for the export in flight.
 */
export function forwardFlowsToJaeger(analyzer: Analyzer, endpoint: string): { stats: JaegerForwardStats; stop(): Promise<void> } {
  const stats: JaegerForwardStats = { exported: 0, failed: 0, lastError: '' };
  let chain = Promise.resolve();
  const unsubscribe = analyzer.onFlow((flow, change) => {
    if (change !== 'completed') return;
    chain = chain.then(async () => {
      const result = await exportFlowOverOtlp({ endpoint }, flow, analyzer.spansOf(flow.id));
      if (result.ok) stats.exported += 1;
      else {
        stats.failed += 1;
        stats.lastError = result.message;
      }
    });
  });
  return {
    stats,
    async stop() {
      unsubscribe();
      await chain;
    },
  };
}
