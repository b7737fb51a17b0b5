/**
 * Where a run's report goes: bench/results/<day>-<mode>[-<only>].json, and when that file is
 * already there (a report committed earlier the same day), the same name with the day suffixed
 * b, c, … (2026-11-27b-full.json). A run never overwrites a report.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Suffixes tried after the bare day, in order. */
const DAY_SUFFIXES = ['', ...'bcdefghijklmnopqrstuvwxyz'];

/** The first free report path in `dir` for a run of `mode` started on `day` (YYYY-MM-DD). Throws when all 26 are taken. */
export function freshReportPath(dir: string, day: string, mode: string, only?: readonly string[]): string {
  const tail = `-${mode}${only === undefined ? '' : `-${only.join('+')}`}.json`;
  for (const suffix of DAY_SUFFIXES) {
    const path = join(dir, `${day}${suffix}${tail}`);
    if (!existsSync(path)) return path;
  }
  throw new Error(`bench: every report name for ${day}${tail} in ${dir} is taken; move one away`);
}
