/**
 * Splits text that arrives in chunks into lines, accepting LF and CRLF (a lone CR is kept as part
 * of the line). Tracks each line's 1-based number and UTF-8 byte offset so records can say exactly
 * where they came from, and so a follower can resume at a byte position.
 */
import { StringDecoder } from 'node:string_decoder';

export type LineSink = (text: string, lineNumber: number, byteOffset: number) => void;

const NON_ASCII = /[^ -~\t\r]/;

export class LineSplitter {
  readonly #sink: LineSink;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  #ascii = false;
  #lineNumber = 0;
  #byteOffset: number;

  /** `startOffset` is the byte position of the first chunk within its file (tail mode resumes). */
  constructor(sink: LineSink, startOffset = 0) {
    this.#sink = sink;
    this.#byteOffset = startOffset;
  }

  /** The byte position just after the last complete line handed to the sink. */
  get consumedBytes(): number {
    return this.#byteOffset;
  }

  push(chunk: string | Buffer): void {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    // One native length check spares a per-line scan when the whole chunk is ASCII.
    this.#ascii = (typeof chunk === 'string' ? Buffer.byteLength(text) : chunk.length) === text.length;
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline < 0) {
      this.#partial += text;
      return;
    }
    if (this.#partial !== '') {
      this.#emit(this.#partial + text.slice(0, newline));
      this.#partial = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline >= 0) {
      this.#emit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.#partial = text.slice(start);
  }

  /** Hands over a final line that had no line ending. */
  end(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    if (rest !== '') this.#emit(rest, false);
  }

  #emit(lineWithCr: string, terminated = true): void {
    const offset = this.#byteOffset;
    this.#byteOffset += (this.#ascii ? lineWithCr.length : byteLength(lineWithCr)) + (terminated ? 1 : 0);
    const line = lineWithCr.charCodeAt(lineWithCr.length - 1) === 0x0d ? lineWithCr.slice(0, -1) : lineWithCr;
    this.#sink(line, ++this.#lineNumber, offset);
  }
}

function byteLength(text: string): number {
  return NON_ASCII.test(text) ? Buffer.byteLength(text) : text.length;
}
