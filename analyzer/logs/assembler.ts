/**
 * Turns lines into records. A record is a header line plus its continuation lines:
 *
 * - lines without a header that start with white space, start or continue a Python traceback, or
 *   follow one (`SomeError: …`, "During handling of the above exception…");
 * - header lines that repeat the previous record's time, pid and logger at an error level (or
 *   `TRACE`) while a traceback is open or starting — oslo.log prints every traceback line with the
 *   `logging_exception_prefix`;
 * - header lines that repeat the previous record's time, pid, level, logger and request id and
 *   whose message is indented (frames of a multi-line message printed with the prefix repeated).
 *
 * Anything else without a header is an unknown line: counted, skipped, never fatal.
 */
import { parseHeader } from './header.js';
import type { LogHeader } from './header.js';
import type { LogRecord } from './record.js';

export interface ParseStats {
  /** Every line read, blank ones included. */
  lines: number;
  records: number;
  /** Lines folded into the record before them (tracebacks, multi-line messages). */
  continuationLines: number;
  /** Lines that were neither a record nor a continuation; skipped. */
  unknownLines: number;
  blankLines: number;
  /** Continuation lines beyond `maxContinuationLines`, counted but not kept. */
  truncatedLines: number;
}

export interface AssemblerOptions {
  /**
   * Continuation lines kept per record; further ones are counted in `truncatedLines`.
   * @default 500
   */
  readonly maxContinuationLines?: number;
  /**
   * Added to every printed time, in minutes: oslo.log prints local time without a zone.
   * @default 0 (the logs were written in UTC)
   */
  readonly utcOffsetMinutes?: number;
}

export function emptyParseStats(): ParseStats {
  return { lines: 0, records: 0, continuationLines: 0, unknownLines: 0, blankLines: 0, truncatedLines: 0 };
}

/** The record being assembled. One per assembler, reused: records are frozen copies of it. */
interface Pending {
  header: LogHeader;
  line: number;
  offset: number;
  raw: string;
  /** undefined until the first continuation line (most records have none). */
  continuation: string[] | undefined;
  inTraceback: boolean;
}

const NO_LINES: readonly string[] = Object.freeze([]);
const TRACEBACK = 'Traceback (most recent call last):';
const CHAINED = /^(During handling of the above exception|The above exception was the direct cause)/;
const INSTANCE_PREFIX = /^\[instance: [0-9a-f-]+\] /;

export class RecordAssembler {
  readonly stats: ParseStats;
  readonly #source: string;
  readonly #onRecord: (record: LogRecord) => void;
  readonly #maxContinuation: number;
  readonly #offsetUs: number;
  /** Reused for every record; meaningful only while #hasPending. */
  #pending: Pending | undefined;
  #hasPending = false;

  constructor(source: string, onRecord: (record: LogRecord) => void, options: AssemblerOptions = {}, stats = emptyParseStats()) {
    this.#source = source;
    this.#onRecord = onRecord;
    this.#maxContinuation = options.maxContinuationLines ?? 500;
    this.#offsetUs = -(options.utcOffsetMinutes ?? 0) * 60_000_000;
    this.stats = stats;
  }

  /** Feeds one line (without its line ending). */
  readonly pushLine = (text: string, lineNumber: number, byteOffset: number): void => {
    this.stats.lines++;
    if (isBlank(text)) {
      this.stats.blankLines++;
      return;
    }
    const header = parseHeader(text);
    if (header === undefined) {
      this.#pushBare(text);
      return;
    }
    const pending = this.#pending;
    if (this.#hasPending && continuesTraceback(pending!, header)) {
      this.#addContinuation(pending!, header.message.replace(INSTANCE_PREFIX, ''));
      return;
    }
    this.flush();
    const inTraceback = isErrorLevel(header.level) && header.message.replace(INSTANCE_PREFIX, '').startsWith(TRACEBACK);
    if (pending === undefined) this.#pending = { header, line: lineNumber, offset: byteOffset, raw: text, continuation: undefined, inTraceback };
    else {
      pending.header = header;
      pending.line = lineNumber;
      pending.offset = byteOffset;
      pending.raw = text;
      pending.continuation = undefined;
      pending.inTraceback = inTraceback;
    }
    this.#hasPending = true;
  };

  /** Emits the record being assembled, if any (at end of input, or when a follower goes idle). */
  flush(): void {
    const p = this.#pending;
    if (!this.#hasPending || p === undefined) return;
    this.#hasPending = false;
    this.stats.records++;
    const h = p.header;
    this.#onRecord({
      source: this.#source,
      filePrefix: h.filePrefix,
      line: p.line,
      offset: p.offset,
      timeUs: h.timeUs + this.#offsetUs,
      pid: h.pid,
      level: h.level,
      logger: h.logger,
      context: h.context,
      message: h.message,
      continuation: p.continuation ?? NO_LINES,
      raw: p.raw,
    });
  }

  #pushBare(text: string): void {
    const p = this.#hasPending ? this.#pending : undefined;
    const first = text.charCodeAt(0);
    const indented = first === 0x20 || first === 0x09;
    if (p === undefined || !(indented || p.inTraceback || text.startsWith(TRACEBACK) || CHAINED.test(text))) {
      this.stats.unknownLines++;
      return;
    }
    this.#addContinuation(p, text);
  }

  #addContinuation(p: Pending, text: string): void {
    this.stats.continuationLines++;
    if (text.startsWith(TRACEBACK) || CHAINED.test(text)) p.inTraceback = true;
    else if (p.inTraceback && text.charCodeAt(0) !== 0x20 && text.charCodeAt(0) !== 0x09) p.inTraceback = false;
    if (p.continuation === undefined) p.continuation = [];
    if (p.continuation.length >= this.#maxContinuation) this.stats.truncatedLines++;
    else p.continuation.push(text);
  }
}

function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  return text.length === 0 || ((c === 0x20 || c === 0x09) && text.trim() === '');
}

function isErrorLevel(level: string): boolean {
  return level === 'ERROR' || level === 'CRITICAL' || level === 'TRACE';
}

function continuesTraceback(p: Pending, h: LogHeader): boolean {
  const first = p.header;
  if (h.pid !== first.pid || h.logger !== first.logger || h.timeUs !== first.timeUs) return false;
  // A multi-line message printed with the prefix repeated: indented lines (stack frames) continue it.
  const c = h.message.charCodeAt(0);
  if ((c === 0x20 || c === 0x09) && h.level === first.level && h.context.requestId === first.context.requestId) return true;
  if (h.level !== 'TRACE' && (h.level !== first.level || (h.level !== 'ERROR' && h.level !== 'CRITICAL'))) return false;
  const text = h.message.replace(INSTANCE_PREFIX, '');
  return p.inTraceback || text.startsWith(TRACEBACK) || CHAINED.test(text);
}
