import type { SpanConsumer } from '../../core/consumer.js';

/**
 * An exporter: the last stage of a collector pipeline. `consume` resolves only when the
 * destination has acknowledged the batch (Kafka acks=all, the analyzer accepted, the remote
 * endpoint answered 2xx). start() connects; shutdown() is safe twice and without start.
 */
export interface Exporter extends SpanConsumer {
  start(): Promise<void>;
  shutdown(): Promise<void>;
  /** true while the destination is reachable (used by `/ready`). */
  ready(): boolean;
}
