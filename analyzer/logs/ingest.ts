/**
 * `ingestLogFiles`: read oslo.log files and folders once, rebuild their flows, hand the spans to
 * the next stage (the analyzer's ingest, in-process or over OTLP). Flows are built after every
 * file has been read, so a caller's and a callee's records join whatever order the files come in.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { SpanConsumer } from '../../core/consumer.js';
import { RecordAssembler } from './assembler.js';
import type { AssemblerOptions } from './assembler.js';
import { SpanEmitter } from './emitter.js';
import type { EmitterOptions } from './emitter.js';
import { expandLogPaths } from './files.js';
import { LogSpanBuilder } from './flow-spans.js';
import { LogFlowGrouper } from './group.js';
import { LineSplitter } from './lines.js';
import type { LogRecord } from './record.js';
import { ServiceResolver } from './service-of.js';
import { emptyIngestStats } from './stats.js';
import type { IngestStats } from './stats.js';

export interface IngestOptions extends AssemblerOptions, EmitterOptions {
  /**
   * Services by file: base name or path → component name (`{ "api.log": "nova-api" }`). Overrides
   * what the file name and the logger name say.
   * @default {}
   */
  readonly services?: Readonly<Record<string, string>>;
}

/**
 * Reads every file (folders recursively, `.gz` decompressed), then emits each flow's spans.
 * Rejects with LogPathError, before reading anything, when a path does not exist; a file failing
 * mid-read is counted in `fileErrors` and the others are still ingested.
 */
export async function ingestLogFiles(paths: readonly string[], next: SpanConsumer, options: IngestOptions = {}): Promise<IngestStats> {
  const files = await expandLogPaths(paths);
  const stats = emptyIngestStats();
  const grouper = new LogFlowGrouper(new ServiceResolver(options.services));
  for (const file of files) {
    stats.files++;
    try {
      await readFile(file, (record) => grouper.add(record), options, stats);
    } catch (error) {
      stats.fileErrors++;
      stats.errors.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  stats.grouped = grouper.stats.grouped;
  stats.withoutRequestId = grouper.stats.withoutRequestId;
  const builder = new LogSpanBuilder();
  const emitter = new SpanEmitter(next, stats, options);
  const flows = grouper.flows();
  stats.attachedByInstance = grouper.stats.attachedByInstance;
  for (const flow of flows) await emitter.add(builder.build(flow));
  await emitter.flush();
  return stats;
}

async function readFile(file: string, onRecord: (record: LogRecord) => void, options: AssemblerOptions, stats: IngestStats): Promise<void> {
  const assembler = new RecordAssembler(file, onRecord, options, stats);
  const splitter = new LineSplitter(assembler.pushLine);
  const raw = createReadStream(file);
  let stream: NodeJS.ReadableStream = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    stream = raw.pipe(gunzip);
  }
  try {
    for await (const chunk of stream) splitter.push(chunk as Buffer);
  } finally {
    splitter.end();
    assembler.flush();
  }
}
