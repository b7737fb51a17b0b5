/**
 * A forward-only JSON scanner over UTF-8 bytes: it checks the grammar exactly as `JSON.parse`
 * does (RFC 8259: whitespace, strings with their escapes and no raw control characters, numbers,
 * literals, nesting) while building nothing, and reports where values are, so a decoder can read
 * only the parts it needs. It never accepts what `JSON.parse` refuses; on anything it does not
 * handle, and on every error, it throws the one NotHandled value and the caller falls back to
 * `JSON.parse` (whose error message is the one to report).
 */
export class NotHandled {
  private constructor() {}
  static readonly instance = new NotHandled();
}

const NOT_HANDLED = NotHandled.instance;

/** Deepest nesting skipValue follows; deeper documents are left to JSON.parse. */
const MAX_SKIP_DEPTH = 128;

export class JsonScanner {
  readonly buf: Buffer;
  pos = 0;
  /** Whether the last string read held a backslash escape. */
  escaped = false;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  ws(): void {
    const buf = this.buf;
    let pos = this.pos;
    let c = buf[pos];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++pos];
    this.pos = pos;
  }

  /** After whitespace, the next byte (undefined at the end). */
  peek(): number | undefined {
    this.ws();
    return this.buf[this.pos];
  }

  /** Consumes `byte` after whitespace. */
  expect(byte: number): void {
    this.ws();
    if (this.buf[this.pos] !== byte) throw NOT_HANDLED;
    this.pos++;
  }

  /** Consumes `{` and tells whether a member follows (false: the object was `{}`). */
  openObject(): boolean {
    this.expect(0x7b);
    if (this.peek() === 0x7d) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** Consumes `[` and tells whether an element follows (false: the array was `[]`). */
  openArray(): boolean {
    this.expect(0x5b);
    if (this.peek() === 0x5d) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** After a member or element: consumes `,` (true: another follows) or `close` (false). */
  next(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === 0x2c) return true;
    if (c === close) return false;
    throw NOT_HANDLED;
  }

  /** Reads a member name and its colon; returns the name's byte range start (end is this.keyEnd). Escaped names are not handled. */
  key(): number {
    this.ws();
    const start = this.string();
    if (this.escaped) throw NOT_HANDLED;
    this.keyEnd = this.stringEnd;
    this.expect(0x3a);
    return start;
  }

  keyEnd = 0;
  /** End (exclusive, before the closing quote) of the last string read. */
  stringEnd = 0;

  /** Reads a string at pos (after whitespace); returns its content's start, sets stringEnd and escaped. */
  string(): number {
    const buf = this.buf;
    if (buf[this.pos] !== 0x22) throw NOT_HANDLED;
    const start = this.pos + 1;
    let pos = start;
    let escaped = false;
    for (;;) {
      const c = buf[pos];
      if (c === undefined || c < 0x20) throw NOT_HANDLED;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        pos = this.#escape(pos + 1);
      } else pos++;
    }
    this.stringEnd = pos;
    this.escaped = escaped;
    this.pos = pos + 1;
    return start;
  }

  /** Checks the escape after a backslash at `pos`; returns the position after it. */
  #escape(pos: number): number {
    const c = this.buf[pos];
    if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return pos + 1;
    if (c !== 0x75) throw NOT_HANDLED;
    for (let i = 1; i <= 4; i++) {
      const h = this.buf[pos + i];
      if (h === undefined || !((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x66) || (h >= 0x41 && h <= 0x46))) throw NOT_HANDLED;
    }
    return pos + 5;
  }

  /**
   * Reads a number at pos; returns its start (end is this.pos). `integer` is set when it has no
   * fraction or exponent.
   */
  number(): number {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    if (buf[pos] === 0x2d) pos++;
    if (buf[pos] === 0x30) pos++;
    else pos = this.#digits(pos);
    this.integer = true;
    if (buf[pos] === 0x2e) {
      pos = this.#digits(pos + 1);
      this.integer = false;
    }
    if (buf[pos] === 0x65 || buf[pos] === 0x45) {
      pos++;
      if (buf[pos] === 0x2b || buf[pos] === 0x2d) pos++;
      pos = this.#digits(pos);
      this.integer = false;
    }
    this.pos = pos;
    return start;
  }

  integer = false;

  /** One or more digits from `pos`; returns the position after them. */
  #digits(pos: number): number {
    const buf = this.buf;
    const start = pos;
    let c = buf[pos];
    while (c !== undefined && c >= 0x30 && c <= 0x39) c = buf[++pos];
    if (pos === start) throw NOT_HANDLED;
    return pos;
  }

  /** Consumes the literal whose bytes are `word` (true, false, null). */
  literal(word: Uint8Array): void {
    for (let i = 0; i < word.length; i++) if (this.buf[this.pos + i] !== word[i]) throw NOT_HANDLED;
    this.pos += word.length;
  }

  /** Skips one value of any kind, checking it. */
  skipValue(depth = 0): void {
    const c = this.peek();
    if (c === 0x22) this.string();
    else if (c === 0x7b) {
      if (depth > MAX_SKIP_DEPTH) throw NOT_HANDLED;
      if (this.openObject()) {
        do {
          this.ws();
          this.string();
          this.expect(0x3a);
          this.skipValue(depth + 1);
        } while (this.next(0x7d));
      }
    } else if (c === 0x5b) {
      if (depth > MAX_SKIP_DEPTH) throw NOT_HANDLED;
      if (this.openArray()) {
        do this.skipValue(depth + 1);
        while (this.next(0x5d));
      }
    } else if (c === 0x74) this.literal(TRUE);
    else if (c === 0x66) this.literal(FALSE);
    else if (c === 0x6e) this.literal(NULL);
    else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) this.number();
    else throw NOT_HANDLED;
  }
}

export const TRUE = Buffer.from('true');
export const FALSE = Buffer.from('false');
export const NULL = Buffer.from('null');

/** A fixed byte sequence and a test for it, compiled once into one expression of byte comparisons. */
export interface Literal {
  readonly length: number;
  /** `buf` holds the sequence at `pos` (reads past the end are undefined, so never equal). */
  readonly at: (buf: Uint8Array, pos: number) => boolean;
}

/**
 * The Literal of `text`'s UTF-8 bytes. A compiled comparison is several times faster than a
 * loop over the bytes on the scanner's hottest paths (member names, the compact KeyValue shape).
 */
export function literal(text: string): Literal {
  const bytes = Buffer.from(text);
  const terms = Array.from(bytes, (byte, i) => `b[p + ${i}] === ${byte}`).join(' && ');
  return { length: bytes.length, at: new Function('b', 'p', `'use strict'; return ${terms};`) as Literal['at'] };
}

/** Whether `buf[start, end)` is exactly `name`. */
export function spells(buf: Uint8Array, start: number, end: number, name: Literal): boolean {
  return end - start === name.length && name.at(buf, start);
}
