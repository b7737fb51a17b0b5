import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseOsloLog } from './parse.js';

const CTX = '[None req-11111111-1111-4111-8111-111111111111 u p - - -]';
const L = (time: string, level: string, message: string, ctx = CTX): string => `2026-01-02 03:04:${time} 42 ${level} nova.compute.manager ${ctx} ${message}`;

describe('parseOsloLog', () => {
  it('reads LF and CRLF alike, with exact byte offsets and line numbers', () => {
    const lines = [L('05.000', 'INFO', 'one'), L('05.001', 'INFO', 'twö'), L('05.002', 'INFO', 'three')];
    for (const eol of ['\n', '\r\n']) {
      const { records, stats } = parseOsloLog(lines.join(eol) + eol, { source: 'x.log' });
      expect(records.map((r) => r.message)).toEqual(['one', 'twö', 'three']);
      expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
      expect(records[1]!.offset).toBe(Buffer.byteLength(lines[0]! + eol));
      expect(records[2]!.offset).toBe(Buffer.byteLength(lines[0]! + eol + lines[1]! + eol));
      expect(records[0]!.raw).toBe(lines[0]);
      expect(stats).toMatchObject({ lines: 3, records: 3, unknownLines: 0 });
    }
  });

  it('folds an oslo traceback (every line with the exception prefix) into one record', () => {
    const prefix = '2026-01-02 03:04:05.000 42 ERROR nova.compute.manager [instance: 9e4b1a7e-0000-4000-8000-000000000001] ';
    const text = [
      L('05.000', 'ERROR', '[instance: 9e4b1a7e-0000-4000-8000-000000000001] Instance failed to spawn'),
      `${prefix}Traceback (most recent call last):`,
      `${prefix}  File "/opt/nova/compute/manager.py", line 2, in _build`,
      `${prefix}    yield resources`,
      `${prefix}ValueError: boom`,
      L('05.000', 'ERROR', 'a separate error'),
    ].join('\r\n');
    const { records, stats } = parseOsloLog(text);
    expect(records).toHaveLength(2);
    expect(records[0]!.continuation).toEqual(['Traceback (most recent call last):', '  File "/opt/nova/compute/manager.py", line 2, in _build', '    yield resources', 'ValueError: boom']);
    expect(records[1]!.message).toBe('a separate error');
    expect(stats.continuationLines).toBe(4);
  });

  it('folds bare traceback and indented lines, including chained exceptions', () => {
    const text = [
      L('05.000', 'ERROR', 'failed'),
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "b.py", line 2, in g',
      'ValueError: 2',
      L('05.001', 'INFO', 'next'),
    ].join('\n');
    const { records, stats } = parseOsloLog(text);
    expect(records).toHaveLength(2);
    expect(records[0]!.continuation).toHaveLength(7); // blank lines are counted, not kept
    expect(records[0]!.continuation.at(-1)).toBe('ValueError: 2');
    expect(stats.blankLines).toBe(2);
    expect(stats.unknownLines).toBe(0);
  });

  it('folds indented lines that repeat the prefix (a multi-line message) but not a new line at the same time', () => {
    const text = [L('05.000', 'ERROR', 'Unexpected error on GET /x'), L('05.000', 'ERROR', 'Error: boom'), L('05.000', 'ERROR', '    at handler (app.js:1:2)'), L('05.000', 'ERROR', '    at next (app.js:3:4)'), L('05.000', 'INFO', '  indented but another level')].join('\n');
    const { records } = parseOsloLog(text);
    expect(records.map((r) => [r.message, r.continuation.length])).toEqual([
      ['Unexpected error on GET /x', 0],
      ['Error: boom', 2],
      ['  indented but another level', 0],
    ]);
  });

  it('counts and skips unknown lines, never failing', () => {
    const text = ['garbage before any record', L('05.000', 'INFO', 'ok'), 'not a continuation', '\u0000\u0001 binary', L('05.001', 'INFO', 'ok too')].join('\n');
    const { records, stats } = parseOsloLog(text);
    expect(records.map((r) => r.message)).toEqual(['ok', 'ok too']);
    expect(stats).toMatchObject({ lines: 5, records: 2, unknownLines: 3, continuationLines: 0 });
  });

  it('caps continuation lines per record and counts the rest', () => {
    const text = [L('05.000', 'ERROR', 'x'), ...Array.from({ length: 5 }, (_, i) => `  frame ${i}`)].join('\n');
    const { records, stats } = parseOsloLog(text, { maxContinuationLines: 2 });
    expect(records[0]!.continuation).toEqual(['  frame 0', '  frame 1']);
    expect(stats).toMatchObject({ continuationLines: 5, truncatedLines: 3 });
  });

  it('applies the configured UTC offset', () => {
    const { records } = parseOsloLog(L('05.000', 'INFO', 'x'), { utcOffsetMinutes: 60 });
    expect(records[0]!.timeUs).toBe(Date.UTC(2026, 0, 2, 2, 4, 5) * 1000);
  });

  it('reads a stream whose chunks split lines and multi-byte characters anywhere', async () => {
    const text = [L('05.000', 'INFO', 'ünïcödé'), L('05.001', 'INFO', 'b'), L('05.002', 'INFO', 'c')].join('\r\n');
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const { records, stats } = await parseOsloLog(Readable.from(chunks), { source: 's' });
    expect(records.map((r) => r.message)).toEqual(['ünïcödé', 'b', 'c']);
    expect(records[0]!.source).toBe('s');
    expect(stats.lines).toBe(3);
  });
});
