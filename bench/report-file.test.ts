import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshReportPath } from './report-file.js';

describe('freshReportPath', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = (): string => (dir = mkdtempSync(join(tmpdir(), 'hoptrace-report-')));

  it('names the first run of a day by the day alone', () => {
    expect(basename(freshReportPath(fresh(), '2026-11-27', 'full'))).toBe('2026-11-27-full.json');
    expect(basename(freshReportPath(dir, '2026-11-27', 'quick', ['collector', 'jaeger']))).toBe('2026-11-27-quick-collector+jaeger.json');
  });

  it('never overwrites a report of the same day and mode', () => {
    fresh();
    writeFileSync(join(dir, '2026-11-27-full.json'), '{}');
    writeFileSync(join(dir, '2026-11-27b-full.json'), '{}');
    writeFileSync(join(dir, '2026-11-27-quick.json'), '{}');
    expect(basename(freshReportPath(dir, '2026-11-27', 'full'))).toBe('2026-11-27c-full.json');
    expect(basename(freshReportPath(dir, '2026-11-27', 'quick'))).toBe('2026-11-27b-quick.json');
    expect(basename(freshReportPath(dir, '2026-11-28', 'full'))).toBe('2026-11-28-full.json');
  });

  it('refuses when every name of the day is taken', () => {
    fresh();
    for (const suffix of ['', ...'bcdefghijklmnopqrstuvwxyz']) writeFileSync(join(dir, `2026-11-27${suffix}-full.json`), '{}');
    expect(() => freshReportPath(dir, '2026-11-27', 'full')).toThrow(/every report name for 2026-11-27-full\.json/);
  });
});
