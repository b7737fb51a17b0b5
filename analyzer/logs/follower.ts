/**
 * Follows one growing file, like `tail -F`: reads what was appended since the last poll, notices
 * rotation (the path now names another file: the old one is read to its end first) and truncation
 * (the file shrank below the position read: start again from 0). A path that does not exist yet
 * is waited for.
 */
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { RecordAssembler } from './assembler.js';
import type { AssemblerOptions } from './assembler.js';
import { LineSplitter } from './lines.js';
import type { LogRecord } from './record.js';
import type { IngestStats } from './stats.js';

const CHUNK_BYTES = 256 * 1024;

export class FileFollower {
  readonly path: string;
  readonly #onRecord: (record: LogRecord) => void;
  readonly #options: AssemblerOptions;
  readonly #stats: IngestStats;
  #handle: FileHandle | undefined;
  #ino = -1;
  #position = 0;
  #firstOpen = true;
  #assembler: RecordAssembler;
  #splitter: LineSplitter;
  readonly #buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  readonly fromEnd: boolean;

  /**
   * `fromEnd`: skip what the file holds when first opened and read only what is appended later.
   * Line numbers count from where reading started.
   */
  constructor(path: string, onRecord: (record: LogRecord) => void, options: AssemblerOptions, stats: IngestStats, fromEnd = false) {
    this.path = path;
    this.fromEnd = fromEnd;
    this.#onRecord = onRecord;
    this.#options = options;
    this.#stats = stats;
    this.#assembler = new RecordAssembler(path, onRecord, options, stats);
    this.#splitter = new LineSplitter(this.#assembler.pushLine);
  }

  /** The inode of the file being read, or -1 before the first open. */
  get ino(): number {
    return this.#ino;
  }

  /** Reads everything new; resolves with the number of bytes read. Never rejects on a missing file. */
  async poll(): Promise<number> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      return this.#handle === undefined ? 0 : this.#drain(); // rotated away, new file not there yet
    }
    let read = 0;
    if (this.#handle !== undefined && info.ino !== this.#ino) {
      read += await this.#drain();
      await this.#close();
      this.#stats.rotations++;
      this.#restart(0);
    }
    if (this.#handle === undefined) {
      this.#handle = await open(this.path, 'r');
      this.#ino = (await this.#handle.stat()).ino;
      if (this.#firstOpen && this.fromEnd) this.#restart(info.size);
      this.#firstOpen = false;
    } else if (info.size < this.#position) {
      this.#stats.truncations++;
      this.#restart(0);
    }
    return read + (await this.#drain());
  }

  /** Emits a record still waiting for continuation lines (the file went quiet). */
  flushPending(): void {
    this.#assembler.flush();
  }

  async close(): Promise<void> {
    this.#splitter.end();
    this.#assembler.flush();
    await this.#close();
  }

  async #drain(): Promise<number> {
    const handle = this.#handle;
    if (handle === undefined) return 0;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(this.#buffer, 0, CHUNK_BYTES, this.#position);
      if (bytesRead === 0) return total;
      this.#position += bytesRead;
      total += bytesRead;
      this.#splitter.push(this.#buffer.subarray(0, bytesRead)); // decoded at once; the buffer is reusable
    }
  }

  #restart(position: number): void {
    this.#splitter.end();
    this.#assembler.flush();
    this.#position = position;
    this.#assembler = new RecordAssembler(this.path, this.#onRecord, this.#options, this.#stats);
    this.#splitter = new LineSplitter(this.#assembler.pushLine, position);
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
