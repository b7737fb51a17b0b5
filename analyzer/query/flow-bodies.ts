/**
 * Response bodies of `GET /api/flows/{id}` ready to send: the flow's JSON as bytes with the weak
 * ETag Express would compute for them (`W/"<length hex>-<sha1 base64, 27 chars>"`, the `etag`
 * package's format). A body is kept once its request id is asked for a second time (a flow a
 * person or a UI keeps reading), and reused while the source hands out the same JSON for the id
 * (the same string, or an equal one), so a repeat read costs a lookup instead of an encode and a
 * hash. The JSON itself is always asked of the source: a changed flow is never served stale.
 *
 * Why not keep every body (see SecondHitLru): under reads spread over many flows, kept bodies
 * would be promoted and die old, and that GC work costs more than the encode it saves.
 */
import { createHash } from 'node:crypto';
import { SecondHitLru } from '../store/byte-lru.js';

export interface FlowBody {
  readonly json: string;
  readonly bytes: Buffer;
  readonly etag: string;
}

/** Default budget for kept bodies (their bytes plus their JSON text). @default 16 MiB */
export const DEFAULT_FLOW_BODY_CACHE_BYTES = 16 * 1024 * 1024;

/** Express's weak ETag of a body. */
export function weakEtag(bytes: Buffer): string {
  if (bytes.length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  return `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64').substring(0, 27)}"`;
}

export class FlowBodies {
  readonly #kept: SecondHitLru<FlowBody>;

  /** @param maxBytes budget for kept bodies; 0 keeps none. */
  constructor(maxBytes = DEFAULT_FLOW_BODY_CACHE_BYTES) {
    this.#kept = new SecondHitLru(maxBytes);
  }

  /** The body for `json`, the JSON the source currently holds under `requestId`. */
  body(requestId: string, json: string): FlowBody {
    const kept = this.#kept.get(requestId);
    if (kept !== undefined && kept.json === json) return kept;
    const bytes = Buffer.from(json, 'utf8');
    const body = { json, bytes, etag: weakEtag(bytes) };
    this.#kept.offer(requestId, body, bytes.length + json.length);
    return body;
  }

  /** Bodies kept now. */
  get size(): number {
    return this.#kept.size;
  }
}
