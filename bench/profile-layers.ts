/**
 * Where a benchmark's CPU went, by layer of hoptrace: reads V8 .cpuprofile files (as
 * `npm run bench -- --profile` writes them) and charges each sample to the innermost frame that
 * is hoptrace's own code, so time in Node's internals and in native code (SQLite statements
 * included) counts for the hoptrace function that called it. Samples with no hoptrace frame are
 * `runtime` (module loading, timers), and V8's own `(garbage collector)`, `(idle)` and
 * `(program)` entries stay apart.
 *
 * Run: `npx tsx bench/profile-layers.ts <file or directory of .cpuprofile>… [--per <spans>]`;
 * prints JSON (with `--per`, also microseconds per span).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface LayerShare {
  readonly layer: string;
  readonly ms: number;
  readonly share: number;
  readonly usPerSpan?: number;
}

const ROOT = resolve(import.meta.dirname, '..');
const V8_ENTRIES = new Set(['(garbage collector)', '(idle)', '(program)']);

/** The layer of a hoptrace source file: its first two path segments (`analyzer/store`), else undefined. */
export function layerOf(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const path = relative(ROOT, fileURLToPath(url.split('?')[0]!));
  if (path.startsWith('..') || path.startsWith('node_modules')) return undefined;
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Adds each sample's time (ms) of `profile` to the layer it is charged to. */
export function chargeLayers(profile: CpuProfile, into: Map<string, number>): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const layerOfNode = new Map<number, string>();
  const charge = (id: number): string => {
    const known = layerOfNode.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    const parent = parentOf.get(id);
    const layer = V8_ENTRIES.has(functionName) ? functionName : (layerOf(url) ?? (parent === undefined ? 'runtime' : charge(parent)));
    layerOfNode.set(id, layer);
    return layer;
  };
  profile.samples.forEach((id, i) => {
    const layer = charge(id);
    into.set(layer, (into.get(layer) ?? 0) + profile.timeDeltas[i]! / 1000);
  });
}

export function profileFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f)) : [path]));
}

export function layerShares(files: readonly string[], perSpans?: number): LayerShare[] {
  const ms = new Map<string, number>();
  for (const file of files) chargeLayers(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, ms);
  const busy = [...ms].filter(([layer]) => layer !== '(idle)').reduce((sum, [, t]) => sum + t, 0);
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .map(([layer, t]) => ({
      layer,
      ms: Math.round(t),
      share: layer === '(idle)' ? 0 : Math.round((t / busy) * 1000) / 1000,
      ...(perSpans === undefined ? {} : { usPerSpan: Math.round((t * 1000 * 10) / perSpans) / 10 }),
    }));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string' } } });
  if (positionals.length === 0) throw new Error('usage: profile-layers.ts <file or directory of .cpuprofile>… [--per <spans>]');
  const files = profileFiles(positionals);
  const per = values.per === undefined ? undefined : Number(values.per);
  process.stdout.write(`${JSON.stringify({ files: files.length, layers: layerShares(files, per) }, null, 2)}\n`);
}
