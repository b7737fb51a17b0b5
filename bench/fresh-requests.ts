/**
 * Fresh requests from a few pre-built bodies. The load generator replays a handful of bodies;
 * sent as they are, every span after the first rounds would be a duplicate that the analyzer
 * drops unread, every request would join the same few flows, and every flow would start at one
 * of a few instants. A RequestRewriter knows where a body's ids and times sit and rewrites them
 * in place, keeping the body's length and framing, so each request looks like a new one from a
 * live cloud:
 * - ids: the leading 4 bytes of each binary trace and span id (protobuf), and the leading 8 hex
 *   digits of each hex id (OTLP/JSON) and of each request id's uuid (both), are XORed with a
 *   scrambled request number. Each request's ids are new and spread over the key space, as
 *   random ids are, instead of sharing a template's prefix.
 * - times: every span and event time moves `order` × TIME_STEP_NS later (durations and order
 *   within the request unchanged), so flows start in the order their requests are sent.
 * All occurrences of one id or time get the same new value, so parents, links and flow keys stay
 * consistent within the request.
 */
import { readFileSync } from 'node:fs';

/** The ids and times in one body, as written beside it (`<body file>.fields.json`) by payload.ts. */
export interface BodyFields {
  /** Trace and span ids, lower-case hex. */
  readonly hexIds: readonly string[];
  /** `req-<uuid>` request ids. */
  readonly requestIds: readonly string[];
  /** Span start and end times and event times, in nanoseconds since the epoch, as decimal strings. */
  readonly timesNs: readonly string[];
}

/** How much later each request's times are than the previous request's. */
export const TIME_STEP_NS = 1_000_000n;

/** A bijection of 32-bit request numbers that spreads consecutive ones (an odd multiplier). */
function scramble(request: number): number {
  return Math.imul(request >>> 0, 0x9e3779b1) >>> 0;
}

const TWO_32 = 2 ** 32;

export class RequestRewriter {
  readonly #body: Buffer;
  /** Offsets of binary ids' leading 4 bytes, and those bytes (big-endian). */
  readonly #binary: { offset: number; value: number }[] = [];
  /** Offsets of hex ids' leading 8 digits, and their value. */
  readonly #text: { offset: number; value: number }[] = [];
  /** Offsets of binary times (fixed64, little-endian), and their halves. */
  readonly #binaryTimes: { offset: number; low: number; high: number }[] = [];
  /** Offsets of decimal times (OTLP/JSON strings), and their value. */
  readonly #textTimes: { offset: number; ns: bigint; digits: number }[] = [];

  constructor(body: Buffer, fields: BodyFields) {
    this.#body = body;
    const json = body[0] === 0x7b; // '{'
    for (const hex of fields.hexIds) {
      if (json) this.#find(Buffer.from(hex), (at) => this.#text.push({ offset: at, value: parseInt(hex.slice(0, 8), 16) }));
      else this.#find(Buffer.from(hex, 'hex'), (at) => this.#binary.push({ offset: at, value: body.readUInt32BE(at) }));
    }
    for (const requestId of fields.requestIds) {
      const digits = requestId.slice('req-'.length, 'req-'.length + 8);
      this.#find(Buffer.from(requestId), (at) => this.#text.push({ offset: at + 'req-'.length, value: parseInt(digits, 16) }));
    }
    for (const time of fields.timesNs) {
      const ns = BigInt(time);
      if (json) this.#find(Buffer.from(`"${time}"`), (at) => this.#textTimes.push({ offset: at + 1, ns, digits: time.length }));
      else {
        const bytes = Buffer.alloc(8);
        bytes.writeBigUInt64LE(ns);
        this.#find(bytes, (at) => this.#binaryTimes.push({ offset: at, low: body.readUInt32LE(at), high: body.readUInt32LE(at + 4) }));
      }
    }
    if (fields.hexIds.length + fields.requestIds.length > 0 && this.#binary.length + this.#text.length === 0) throw new Error('none of the listed ids occurs in the body');
  }

  /** Reads a body file and its `.fields.json`; the rewriter returns the body unchanged when there is none. */
  static fromFile(file: string): RequestRewriter {
    const body = readFileSync(file);
    try {
      return new RequestRewriter(body, JSON.parse(readFileSync(`${file}.fields.json`, 'utf8')) as BodyFields);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new RequestRewriter(body, { hexIds: [], requestIds: [], timesNs: [] });
      throw error;
    }
  }

  /** Places rewritten in each request. */
  get places(): number {
    return this.#binary.length + this.#text.length + this.#binaryTimes.length + this.#textTimes.length;
  }

  /**
   * A copy of the body whose ids derive from `request` (a 32-bit request number: distinct
   * numbers give distinct ids) and whose times are `order` × TIME_STEP_NS later (`order`: the
   * requests sent before this one).
   */
  next(request: number, order = 0): Buffer {
    if (this.places === 0) return this.#body;
    const out = Buffer.from(this.#body);
    const mask = scramble(request);
    for (const { offset, value } of this.#binary) out.writeUInt32BE((value ^ mask) >>> 0, offset);
    for (const { offset, value } of this.#text) out.write(((value ^ mask) >>> 0).toString(16).padStart(8, '0'), offset, 8, 'latin1');
    const shift = BigInt(order) * TIME_STEP_NS;
    const shiftLow = Number(shift % 4294967296n);
    const shiftHigh = Number(shift / 4294967296n);
    for (const { offset, low, high } of this.#binaryTimes) {
      const sum = low + shiftLow;
      out.writeUInt32LE(sum % TWO_32, offset);
      out.writeUInt32LE(high + shiftHigh + (sum >= TWO_32 ? 1 : 0), offset + 4);
    }
    for (const { offset, ns, digits } of this.#textTimes) {
      const text = (ns + shift).toString();
      if (text.length !== digits) throw new Error(`time ${ns} moved by ${shift} ns no longer fits its ${digits} digits`);
      out.write(text, offset, digits, 'latin1');
    }
    return out;
  }

  /** Calls `found` with the offset of every occurrence of `needle` in the body. */
  #find(needle: Buffer, found: (at: number) => void): void {
    for (let at = this.#body.indexOf(needle); at >= 0; at = this.#body.indexOf(needle, at + needle.length)) found(at);
  }
}
