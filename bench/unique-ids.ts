/**
 * Fresh ids for every replayed request. The load generator replays a handful of pre-built bodies;
 * sent as they are, every span after the first rounds would be a duplicate that the analyzer
 * drops unread, and every request would join the same few flows. An IdRewriter knows where a
 * body's trace and span ids and request ids sit and rewrites them in place, keeping the body's
 * length and framing: the last 4 bytes of each binary id (protobuf), the last 8 hex digits of each
 * hex id (OTLP/JSON) and of each request id (both). All occurrences of one id get the same new
 * value, so parents, links and flow keys stay consistent within the request.
 */
import { readFileSync } from 'node:fs';

/** The ids in one body, as written beside it (`<body file>.ids.json`) by payload.ts. */
export interface BodyIds {
  /** Trace and span ids, lower-case hex. */
  readonly hexIds: readonly string[];
  /** `req-<uuid>` request ids. */
  readonly requestIds: readonly string[];
}

export class IdRewriter {
  readonly #body: Buffer;
  /** Offsets of 4-byte regions taking the counter as binary (big-endian). */
  readonly #binary: number[] = [];
  /** Offsets of 8-character regions taking the counter as lower-case hex. */
  readonly #text: number[] = [];

  constructor(body: Buffer, ids: BodyIds) {
    this.#body = body;
    const json = body[0] === 0x7b; // '{'
    for (const hex of ids.hexIds) {
      if (json) this.#mark(Buffer.from(hex), this.#text, 8);
      else this.#mark(Buffer.from(hex, 'hex'), this.#binary, 4);
    }
    for (const requestId of ids.requestIds) this.#mark(Buffer.from(requestId), this.#text, 8);
    if (ids.hexIds.length + ids.requestIds.length > 0 && this.places === 0) throw new Error('none of the listed ids occurs in the body');
  }

  /** Reads a body file and its `.ids.json`; the rewriter returns the body unchanged when there is none. */
  static fromFile(file: string): IdRewriter {
    const body = readFileSync(file);
    try {
      return new IdRewriter(body, JSON.parse(readFileSync(`${file}.ids.json`, 'utf8')) as BodyIds);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new IdRewriter(body, { hexIds: [], requestIds: [] });
      throw error;
    }
  }

  /** Places rewritten in each request. */
  get places(): number {
    return this.#binary.length + this.#text.length;
  }

  /** A copy of the body whose ids carry `counter` (a 32-bit request number). */
  next(counter: number): Buffer {
    if (this.places === 0) return this.#body;
    const out = Buffer.from(this.#body);
    for (const offset of this.#binary) out.writeUInt32BE(counter >>> 0, offset);
    if (this.#text.length > 0) {
      const hex = (counter >>> 0).toString(16).padStart(8, '0');
      for (const offset of this.#text) out.write(hex, offset, 8, 'latin1');
    }
    return out;
  }

  #mark(needle: Buffer, into: number[], tail: number): void {
    for (let at = this.#body.indexOf(needle); at >= 0; at = this.#body.indexOf(needle, at + needle.length)) into.push(at + needle.length - tail);
  }
}
