import type { Analyzer } from '../../analyzer/index.js';
import type { Flow } from '../../core/flow.js';

/**
 * The flow of `requestId` once it is no longer in progress (complete or failed), or whatever the
 * analyzer has after `timeoutMs` (possibly undefined). Polls: spans reach the analyzer through
 * the batch processors, the collector and the flow assembler's completion timer.
 */
export async function waitForFlow(analyzer: Analyzer, requestId: string, timeoutMs: number, signal: AbortSignal): Promise<Flow | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const flow = analyzer.getFlow(requestId);
    if ((flow && flow.status !== 'in_progress') || Date.now() > deadline || signal.aborted) return flow;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
