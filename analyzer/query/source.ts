/** What the query API reads: in-flight flows from the assembler, stored ones from the store. */
import type { Span } from '../../core/span.js';
import type { Flow } from '../../core/flow.js';
import type { FlowQuery, FlowReader } from '../store/contracts.js';

export interface FlowSource {
  /** The flow for any of its request ids (or its id); undefined when unknown. */
  getFlow(requestId: string): Flow | undefined;
  /** getFlow as JSON text (stored flows are forwarded without re-serialisation). */
  getFlowJson(requestId: string): string | undefined;
  /** Raw spans of the flow with this id or alias, by start time; [] when unknown. */
  spansOf(requestId: string): readonly Span[];
  /** Flows matching the query, newest first; may let the event loop run before it answers. */
  searchFlows(query: FlowQuery): Promise<Flow[]>;
  /** The flow holding spans of this trace id; undefined when unknown. */
  flowIdOfTrace(traceId: string): string | undefined;
  readonly reader: Pick<FlowReader, 'services' | 'operations' | 'dependencies'>;
}
