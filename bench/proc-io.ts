/**
 * What this process has passed to write(2) and its kin, all threads together (Linux
 * `/proc/self/io`, `wchar`): for the embedded pipeline that is the WAL's frames, the checkpoint's
 * copies into the database file and, a small share, HTTP answers. Undefined where the file is
 * absent (not Linux), so a benchmark reports nothing rather than a guess.
 */
import { readFileSync } from 'node:fs';

export function writtenBytes(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
