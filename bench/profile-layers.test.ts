import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargeAllocations, chargeLayers, layerOf } from './profile-layers.js';

const ROOT = resolve(import.meta.dirname, '..');
const url = (path: string): string => pathToFileURL(join(ROOT, path)).href;
const frame = (id: number, functionName: string, fileUrl: string, children: number[] = []) => ({ id, callFrame: { functionName, url: fileUrl }, children });

describe('profile layers', () => {
  it('names a source file by its first two path segments, and nothing outside the project', () => {
    expect(layerOf(url('analyzer/store/sqlite/write.ts'))).toBe('analyzer/store');
    expect(layerOf(url('core/span.ts'))).toBe('core');
    expect(layerOf(url('node_modules/better-sqlite3/lib/index.js'))).toBeUndefined();
    expect(layerOf('node:internal/timers')).toBeUndefined();
  });

  it('charges native and library time to the innermost hoptrace caller, and keeps V8 entries apart', () => {
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 5, 6, 7]),
        frame(2, 'consume', url('analyzer/reconstruct/assembler.ts'), [3]),
        frame(3, 'write', url('analyzer/store/sqlite/write.ts'), [4]),
        frame(4, 'run', url('node_modules/better-sqlite3/lib/methods/wrappers.js')),
        frame(5, '(garbage collector)', ''),
        frame(6, 'listOnTimeout', 'node:internal/timers'),
        frame(7, '(idle)', ''),
      ],
      samples: [4, 4, 3, 2, 5, 6, 7],
      timeDeltas: [1000, 1000, 1000, 1000, 500, 250, 4000],
    };
    const ms = new Map<string, number>();
    chargeLayers(profile, ms);
    expect(Object.fromEntries(ms)).toEqual({ 'analyzer/store': 3, 'analyzer/reconstruct': 1, '(garbage collector)': 0.5, runtime: 0.25, '(idle)': 4 });
  });

  it('charges allocated bytes to the innermost hoptrace caller, the rest to the runtime', () => {
    const node = (functionName: string, fileUrl: string, selfSize: number, children: unknown[] = []) => ({ callFrame: { functionName, url: fileUrl }, selfSize, children });
    const profile = {
      head: node('(root)', '', 0, [
        node('consume', url('analyzer/reconstruct/assembler.ts'), 100, [
          node('write', url('analyzer/store/sqlite/write.ts'), 10, [node('run', url('node_modules/better-sqlite3/lib/methods/wrappers.js'), 1000)]),
          node('Map', '', 50),
        ]),
        node('listOnTimeout', 'node:internal/timers', 7, [node('decode', url('collector/otlp/decode-proto.ts'), 3)]),
      ]),
    } as Parameters<typeof chargeAllocations>[0];
    const bytes = new Map<string, number>();
    chargeAllocations(profile, bytes);
    expect(Object.fromEntries(bytes)).toEqual({ 'analyzer/reconstruct': 150, 'analyzer/store': 1010, runtime: 7, 'collector/otlp': 3 });
  });
});
