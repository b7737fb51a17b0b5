/**
 * Which files a list of paths names: files as given, folders searched (recursively) for log files
 * — any name containing `.log` (`nova-api.log`, `nova-api.log.1`, `nova-api.log.2.gz`).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A path that does not exist or cannot be read; the message names it. */
export class LogPathError extends Error {
  override readonly name = 'LogPathError';
  readonly paths: readonly string[];

  constructor(paths: readonly string[], reasons: readonly string[]) {
    super(`cannot read ${reasons.join('; ')}`);
    this.paths = paths;
  }
}

export function isLogFileName(name: string): boolean {
  return name.includes('.log') && !name.startsWith('.');
}

/** Expands `paths` into files, in a stable order; rejects with LogPathError naming every bad path. */
export async function expandLogPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const bad: string[] = [];
  const reasons: string[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) files.push(...(await logFilesIn(path)));
      else files.push(path);
    } catch (error) {
      bad.push(path);
      reasons.push(`'${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (bad.length > 0) throw new LogPathError(bad, reasons);
  return [...new Set(files)];
}

export async function logFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await logFilesIn(path)));
    else if (entry.isFile() && isLogFileName(entry.name)) files.push(path);
  }
  return files;
}
