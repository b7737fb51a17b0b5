/**
 * A component with a start and a shutdown. Contract: shutdown is safe to call twice and safe to
 * call without start; it resolves when the component holds no more resources (sockets, timers).
 */
export interface Lifecycle {
  start(): Promise<void>;
  shutdown(): Promise<void>;
}
