import { PassThrough } from 'node:stream';
import type { CliIO } from '../command.js';

/** A CliIO whose stdout and stderr are collected as strings, for in-process CLI tests. */
export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
  readonly controller: AbortController;
}

export function captureIO(options: { readonly isTTY?: boolean; readonly env?: Record<string, string> } = {}): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.out.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.err.push(chunk));
  const controller = new AbortController();
  return {
    stdout,
    stderr,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    signal: controller.signal,
    controller,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
