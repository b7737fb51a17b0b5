import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/** Random bytes drawn at once: 256 span ids, or 128 trace ids, per refill. */
const POOL_BYTES = 2048;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * W3C trace and span ids (lower-case hex, never all zeros) cut from a pool of cryptographically
 * random hex. The SDK's RandomIdGenerator draws `Math.random` and converts a buffer to hex for
 * every id; this draws 2 KiB and converts it once per 256 span ids, so an id costs a substring.
 * The ids share their pool string's memory until the spans holding them are exported.
 */
export class PooledIdGenerator implements IdGenerator {
  #hex = '';
  #next = 0;

  generateTraceId(): string {
    return this.#take(32, INVALID_TRACE_ID);
  }

  generateSpanId(): string {
    return this.#take(16, INVALID_SPAN_ID);
  }

  #take(length: number, invalid: string): string {
    let id: string;
    do {
      if (this.#next + length > this.#hex.length) {
        this.#hex = randomBytes(POOL_BYTES).toString('hex');
        this.#next = 0;
      }
      id = this.#hex.slice(this.#next, this.#next + length);
      this.#next += length;
    } while (id === invalid);
    return id;
  }
}
