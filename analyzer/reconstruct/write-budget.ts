/**
 * How much one write transaction may carry so it holds the event loop about a target time: the
 * store writes synchronously, so a transaction's length is a pause for every query and timer.
 * The size follows the measured cost of the previous transactions (an average per unit of
 * work, where a span is one unit and a flow record `FLOW_RECORD_UNITS`), so it shrinks as the
 * store grows slower (larger indexes, a busy disk) and grows back when writes get cheap.
 *
 * The target itself depends on who is waiting: `targetMs` while anyone reads the analyzer
 * (`readers`), `unreadTargetMs` while nobody has for a while. Larger transactions share their
 * commit's fixed cost and the index pages they dirty among more spans (10 ms instead of 2 took
 * about 10 % off the embedded pipeline's CPU per span), but each is a longer pause for a query.
 */

/** A flow record (JSON, aliases, services) costs about as much to write as this many spans. */
export const FLOW_RECORD_UNITS = 10;

/** When the analyzer last took a request from a reader (its query API, web view, alert routes). */
export class ReaderActivity {
  readonly #quietMs: number;
  readonly #now: () => number;
  #lastReadMs = Number.NEGATIVE_INFINITY;

  /** Readers count as present until `quietMs` after their last request. */
  constructor(quietMs = 1000, now: () => number = () => performance.now()) {
    this.#quietMs = quietMs;
    this.#now = now;
  }

  /** A reader's request arrived. */
  noteRead(): void {
    this.#lastReadMs = this.#now();
  }

  /** true until `quietMs` after the last request. */
  get present(): boolean {
    return this.#now() - this.#lastReadMs < this.#quietMs;
  }
}

export interface WriteBudgetOptions {
  /** The pause one transaction should cause while readers are present, in ms. @default 2 */
  readonly targetMs?: number;
  /** The pause one transaction may cause while no reader is present, in ms. @default 10 */
  readonly unreadTargetMs?: number;
  /** Who reads; without it, readers always count as present (every transaction aims at `targetMs`). */
  readonly readers?: ReaderActivity;
  /** Never fewer units per transaction than this (commits have a fixed cost). @default 64 */
  readonly minUnits?: number;
  /** Never more units per transaction than this. @default 4096 */
  readonly maxUnits?: number;
}

export class WriteBudget {
  readonly #targetMs: number;
  readonly #unreadTargetMs: number;
  readonly #readers: ReaderActivity | undefined;
  readonly #minUnits: number;
  readonly #maxUnits: number;
  /** Average ms per unit of recent transactions (exponentially weighted). */
  #msPerUnit = 0.02;

  constructor(options: WriteBudgetOptions = {}) {
    this.#targetMs = options.targetMs ?? 2;
    this.#unreadTargetMs = options.unreadTargetMs ?? 10;
    this.#readers = options.readers;
    this.#minUnits = options.minUnits ?? 64;
    this.#maxUnits = options.maxUnits ?? 4096;
  }

  /** Units the next transaction may carry. */
  get units(): number {
    const targetMs = this.#readers === undefined || this.#readers.present ? this.#targetMs : this.#unreadTargetMs;
    return Math.max(this.#minUnits, Math.min(this.#maxUnits, Math.floor(targetMs / this.#msPerUnit)));
  }

  /** Records what a transaction of `units` cost. */
  record(units: number, ms: number): void {
    if (units <= 0 || !(ms >= 0)) return;
    this.#msPerUnit = 0.7 * this.#msPerUnit + 0.3 * (ms / units);
  }
}
