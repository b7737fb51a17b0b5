import type { AttributeValue } from '../../core/span.js';

/**
 * Builds attribute maps fast. Adding 20 properties one by one to `{}` walks 20 hidden-class
 * transitions through a megamorphic keyed store: the decoders' hottest spot. Telemetry repeats
 * the same key sequences, so each distinct sequence gets a factory compiled once — an object
 * literal with those keys — and later maps are built in one step with V8's fast literal path.
 *
 * Bounded: at most MAX_NODES key-sequence prefixes are remembered; beyond that, and for
 * sequences containing `__proto__`, maps are built key by key as before. Duplicate keys keep the
 * last value in both paths.
 */

type Factory = (values: readonly AttributeValue[]) => Record<string, AttributeValue>;

interface Node {
  readonly next: Map<string, Node>;
  make: Factory | undefined;
}

const MAX_NODES = 20_000;
const root: Node = { next: new Map(), make: undefined };
let nodes = 0;

/** The map of `keys[0..n)` → `values[0..n)`. */
export function buildAttributes(keys: readonly string[], values: readonly AttributeValue[], n: number): Record<string, AttributeValue> {
  let node = root;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    let child = node.next.get(key);
    if (child === undefined) {
      if (nodes >= MAX_NODES || key === '__proto__') return slowBuild(keys, values, n);
      child = { next: new Map(), make: undefined };
      node.next.set(key, child);
      nodes++;
    }
    node = child;
  }
  node.make ??= compile(keys.slice(0, n));
  return node.make(values);
}

function compile(keys: readonly string[]): Factory {
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: v[${i}]`).join(', ');
  return new Function('v', `'use strict'; return { ${fields} };`) as Factory;
}

function slowBuild(keys: readonly string[], values: readonly AttributeValue[], n: number): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (key === '__proto__') Object.defineProperty(out, key, { value: values[i], enumerable: true, writable: true, configurable: true });
    else out[key] = values[i]!;
  }
  return out;
}
