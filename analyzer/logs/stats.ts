/**
 * What an ingest did, in counts. Every record and every span is accounted for: parsed or unknown,
 * grouped or without a request id, handed on or refused by the next stage.
 */
import type { ParseStats } from './assembler.js';
import { emptyParseStats } from './assembler.js';

export interface IngestStats extends ParseStats {
  files: number;
  /** Files that failed while being read (the message is in `errors`); the rest were ingested. */
  fileErrors: number;
  /** Records placed in a flow. */
  grouped: number;
  /** Records with no request id (`[-]`). */
  withoutRequestId: number;
  /** Of those, records placed in a flow by instance and time (one-shot ingest); the rest are counted, not turned into spans. */
  attachedByInstance: number;
  /** Flows handed to the next stage (a flow re-emitted in tail mode counts again). */
  flows: number;
  /** Flows whose records came from more than one service. */
  multiServiceFlows: number;
  spans: number;
  /** Span pairs for hops hoptrace inferred (RPC hops, REST hops whose caller logged nothing). */
  inferredHops: number;
  /** Spans the next stage refused for good (PermanentError); counted, not retried. */
  spansRefused: number;
  /** File rotations and truncations a follower noticed. */
  rotations: number;
  truncations: number;
  readonly errors: string[];
}

export function emptyIngestStats(): IngestStats {
  return {
    ...emptyParseStats(),
    files: 0,
    fileErrors: 0,
    grouped: 0,
    withoutRequestId: 0,
    attachedByInstance: 0,
    flows: 0,
    multiServiceFlows: 0,
    spans: 0,
    inferredHops: 0,
    spansRefused: 0,
    rotations: 0,
    truncations: 0,
    errors: [],
  };
}
