/**
 * How much one write transaction may carry so it holds the event loop about `targetMs`: the
 * store writes synchronously, so a transaction's length is a pause for every query and timer.
 * The size follows the measured cost of the previous transactions (an average per unit of
 * work, where a span is one unit and a flow record `FLOW_RECORD_UNITS`), so it shrinks as the
 * store grows slower (larger indexes, a busy disk) and grows back when writes get cheap.
 */

/** A flow record (JSON, aliases, services) costs about as much to write as this many spans. */
export const FLOW_RECORD_UNITS = 10;

export interface WriteBudgetOptions {
  /** The pause one transaction should cause, in ms. @default 2 */
  readonly targetMs?: number;
  /** Never fewer units per transaction than this (commits have a fixed cost). @default 64 */
  readonly minUnits?: number;
  /** Never more units per transaction than this. @default 4096 */
  readonly maxUnits?: number;
}

export class WriteBudget {
  readonly #targetMs: number;
  readonly #minUnits: number;
  readonly #maxUnits: number;
  /** Average ms per unit of recent transactions (exponentially weighted). */
  #msPerUnit = 0.02;

  constructor(options: WriteBudgetOptions = {}) {
    this.#targetMs = options.targetMs ?? 2;
    this.#minUnits = options.minUnits ?? 64;
    this.#maxUnits = options.maxUnits ?? 4096;
  }

  /** Units the next transaction may carry. */
  get units(): number {
    return Math.max(this.#minUnits, Math.min(this.#maxUnits, Math.floor(this.#targetMs / this.#msPerUnit)));
  }

  /** Records what a transaction of `units` cost. */
  record(units: number, ms: number): void {
    if (units <= 0 || !(ms >= 0)) return;
    this.#msPerUnit = 0.7 * this.#msPerUnit + 0.3 * (ms / units);
  }
}
