/**
 * `parseOsloLog`: oslo.log text or a byte/text stream in, records and counts out. Parsing never
 * throws on content: lines it cannot read are counted in `stats.unknownLines` and skipped.
 */
import { RecordAssembler, emptyParseStats } from './assembler.js';
import type { AssemblerOptions, ParseStats } from './assembler.js';
import { LineSplitter } from './lines.js';
import type { LogRecord } from './record.js';

export interface ParseOptions extends AssemblerOptions {
  /**
   * The name records carry as `source` (a file path, usually).
   * @default '<text>'
   */
  readonly source?: string;
}

export interface ParseResult {
  readonly records: readonly LogRecord[];
  readonly stats: ParseStats;
}

/** Parses a whole text synchronously. */
export function parseOsloLog(text: string, options?: ParseOptions): ParseResult;
/** Parses a stream of chunks (a `fs.ReadStream`, a socket, an async generator). */
export function parseOsloLog(stream: AsyncIterable<string | Buffer>, options?: ParseOptions): Promise<ParseResult>;
export function parseOsloLog(input: string | AsyncIterable<string | Buffer>, options: ParseOptions = {}): ParseResult | Promise<ParseResult> {
  const records: LogRecord[] = [];
  const stats = emptyParseStats();
  const assembler = new RecordAssembler(options.source ?? '<text>', (r) => records.push(r), options, stats);
  const splitter = new LineSplitter(assembler.pushLine);
  const finish = (): ParseResult => {
    splitter.end();
    assembler.flush();
    return { records, stats };
  };
  if (typeof input === 'string') {
    splitter.push(input);
    return finish();
  }
  return (async () => {
    for await (const chunk of input) splitter.push(chunk);
    return finish();
  })();
}
