/**
 * vitest's global setup: a test run leaves the dev Kafka broker as it found it. Suites that need
 * Kafka start it through `kafkaBrokers` when HOPTRACE_KAFKA_BROKERS is unset; the broker is
 * stopped when the run ends if it was not running when the run began.
 */
import { stopDevBrokerIfStartedLater } from '../collector/testing/kafka-broker.js';

export default function setup(): Promise<() => Promise<void>> {
  return stopDevBrokerIfStartedLater(process.env);
}
