/**
 * The "rest after the event loop has run" of work done a slice at a time: `schedule` runs `slice`
 * once more on the next turn (setImmediate), however often it is asked before then, unless
 * `closed()` by then.
 */
export class NextSlice {
  readonly #slice: () => void;
  readonly #closed: () => boolean;
  #scheduled = false;

  constructor(slice: () => void, closed: () => boolean) {
    this.#slice = slice;
    this.#closed = closed;
  }

  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#closed()) this.#slice();
    });
  }
}
