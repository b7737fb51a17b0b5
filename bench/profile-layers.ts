/**
 * Where a benchmark's CPU went, by layer of hoptrace: reads V8 .cpuprofile files (as
 * `npm run bench -- --profile` writes them) and charges each sample to the innermost frame that
 * is hoptrace's own code, so time in Node's internals and in native code (SQLite statements
 * included) counts for the hoptrace function that called it. Samples with no hoptrace frame are
 * `runtime` (module loading, timers), and V8's own `(garbage collector)`, `(idle)` and
 * `(program)` entries stay apart. The bytes allocated, from .heapprofile files (as
 * `npm run bench -- --alloc` writes them: alloc-sampling.ts), are charged the same way.
 *
 * Run: `npx tsx bench/profile-layers.ts <file or directory of .cpuprofile or .heapprofile>…
 * [--per <spans>]`; prints JSON (with `--per`, also microseconds and kilobytes per span).
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

/** A sampling heap profile's call tree (V8's HeapProfiler.SamplingHeapProfile). */
interface HeapProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string };
  /** Bytes sampled as allocated by this frame itself. */
  readonly selfSize: number;
  readonly children: readonly HeapProfileNode[];
}

interface HeapProfile {
  readonly head: HeapProfileNode;
}

export interface AllocationShare {
  readonly layer: string;
  readonly mb: number;
  readonly share: number;
  readonly kbPerSpan?: number;
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

/** Adds the bytes each frame of `profile` allocated to the layer it is charged to, as chargeLayers charges time. */
export function chargeAllocations(profile: HeapProfile, into: Map<string, number>): void {
  const stack: [node: HeapProfileNode, outer: string][] = [[profile.head, 'runtime']];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, outer] = next;
    const layer = layerOf(node.callFrame.url) ?? outer;
    if (node.selfSize > 0) into.set(layer, (into.get(layer) ?? 0) + node.selfSize);
    for (const child of node.children) stack.push([child, layer]);
  }
}

/** The files named by `paths` with the extension (`.cpuprofile`, `.heapprofile`), a directory standing for the files in it. */
export function profileFiles(paths: readonly string[], extension = '.cpuprofile'): string[] {
  return paths.flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path).map((f) => join(path, f)) : [path])).filter((f) => f.endsWith(extension));
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

/** The bytes the heap profiles `files` sampled as allocated, by layer, largest first. */
export function allocationShares(files: readonly string[], perSpans?: number): AllocationShare[] {
  const bytes = new Map<string, number>();
  for (const file of files) chargeAllocations(JSON.parse(readFileSync(file, 'utf8')) as HeapProfile, bytes);
  const total = [...bytes.values()].reduce((sum, b) => sum + b, 0);
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .map(([layer, b]) => ({
      layer,
      mb: Math.round(b / 1e5) / 10,
      share: Math.round((b / total) * 1000) / 1000,
      ...(perSpans === undefined ? {} : { kbPerSpan: Math.round(b / perSpans / 10) / 100 }),
    }));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string' } } });
  if (positionals.length === 0) throw new Error('usage: profile-layers.ts <file or directory of .cpuprofile or .heapprofile>… [--per <spans>]');
  const per = values.per === undefined ? undefined : Number(values.per);
  const cpu = profileFiles(positionals);
  const heap = profileFiles(positionals, '.heapprofile');
  const report = {
    ...(cpu.length === 0 ? {} : { files: cpu.length, layers: layerShares(cpu, per) }),
    ...(heap.length === 0 ? {} : { heapFiles: heap.length, allocation: allocationShares(heap, per) }),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
