import { compilePattern } from './pattern.js';
import { ModelError } from './model-error.js';
import { Reader } from './reader.js';
import { HOP_KINDS, MODEL_API_VERSION, SEVERITIES } from './types.js';
import type { ExpectedHop, FlowModel, ForbiddenHop, HopPattern, Invariants, ModelSource, OrderRule } from './types.js';

export type ModelDocument =
  | { readonly kind: 'FlowModel'; readonly model: FlowModel }
  | { readonly kind: 'Invariants'; readonly invariants: Invariants };

const SOURCES: readonly ModelSource[] = ['shipped', 'user', 'learned'];

/**
 * Validates one parsed model document. Throws a ModelError listing every problem, each naming
 * the key (`spec.hops[2].kind: must be one of …`); returns a frozen model otherwise.
 */
export function parseModelDocument(doc: unknown, file: string, defaultSource: ModelSource): ModelDocument {
  const r = new Reader();
  const root = r.object(doc, '(document)');
  if (!root) throw new ModelError(file, r.problems);
  r.onlyKeys(root, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (root.apiVersion !== MODEL_API_VERSION) r.problem('apiVersion', `must be ${MODEL_API_VERSION}, got ${JSON.stringify(root.apiVersion)}`);
  const kind = r.oneOf(root.kind, 'kind', ['FlowModel', 'Invariants'] as const);
  const meta = r.object(root.metadata, 'metadata') ?? {};
  const spec = r.object(root.spec, 'spec') ?? {};
  const name = r.string(meta.name, 'metadata.name') ?? '';
  let result: ModelDocument | undefined;
  if (kind === 'FlowModel') result = { kind, model: readFlowModel(r, meta, spec, name, file, defaultSource) };
  if (kind === 'Invariants') result = { kind, invariants: readInvariants(r, meta, spec, name, file) };
  if (r.problems.length > 0 || !result) throw new ModelError(file, r.problems);
  return Object.freeze(result);
}

function readFlowModel(r: Reader, meta: Record<string, unknown>, spec: Record<string, unknown>, name: string, file: string, defaultSource: ModelSource): FlowModel {
  r.onlyKeys(meta, 'metadata', ['name', 'description', 'source', 'revision', 'learnedFrom']);
  r.onlyKeys(spec, 'spec', ['operation', 'hops', 'order']);
  const hops = r.array(spec.hops, 'spec.hops').map((h, i) => readExpectedHop(r, h, `spec.hops[${i}]`));
  const ids = new Set<string>();
  hops.forEach((h, i) => {
    if (ids.has(h.id)) r.problem(`spec.hops[${i}].id`, `duplicate id ${JSON.stringify(h.id)}`);
    ids.add(h.id);
  });
  const order = r.array(spec.order, 'spec.order', true).map((o, i) => readOrder(r, o, `spec.order[${i}]`, ids));
  const learnedFrom = r.optionalCount(meta.learnedFrom, 'metadata.learnedFrom');
  return {
    operation: r.optionalString(spec.operation, 'spec.operation') ?? name,
    description: r.optionalString(meta.description, 'metadata.description') ?? '',
    source: meta.source === undefined ? defaultSource : (r.oneOf(meta.source, 'metadata.source', SOURCES) ?? defaultSource),
    revision: r.optionalCount(meta.revision, 'metadata.revision') ?? 1,
    ...(learnedFrom === undefined ? {} : { learnedFrom }),
    hops,
    order,
    file,
  };
}

function readPattern(r: Reader, o: Record<string, unknown>, path: string): HopPattern {
  const from = r.optionalString(o.from, `${path}.from`);
  const to = r.optionalString(o.to, `${path}.to`);
  const kind = o.kind === undefined ? undefined : r.oneOf(o.kind, `${path}.kind`, HOP_KINDS);
  const operation = r.optionalString(o.operation, `${path}.operation`);
  if (operation !== undefined) {
    try {
      compilePattern(operation);
    } catch (error) {
      r.problem(`${path}.operation`, `bad pattern: ${(error as Error).message}`);
    }
  }
  return { ...(from && { from }), ...(to && { to }), ...(kind && { kind }), ...(operation && { operation }) };
}

function readExpectedHop(r: Reader, value: unknown, path: string): ExpectedHop {
  const o = r.object(value, path) ?? {};
  r.onlyKeys(o, path, ['id', 'from', 'to', 'kind', 'operation', 'required', 'count']);
  const p = readPattern(r, o, path);
  if (o.from === undefined) r.problem(`${path}.from`, 'is required');
  if (o.to === undefined) r.problem(`${path}.to`, 'is required');
  if (o.kind === undefined) r.problem(`${path}.kind`, `is required (one of ${HOP_KINDS.join(', ')})`);
  const count = o.count === undefined ? undefined : r.object(o.count, `${path}.count`);
  let bounds: ExpectedHop['count'];
  if (count) {
    r.onlyKeys(count, `${path}.count`, ['min', 'max']);
    const min = r.optionalCount(count.min, `${path}.count.min`);
    const max = r.optionalCount(count.max, `${path}.count.max`);
    if (min !== undefined && max !== undefined && min > max) r.problem(`${path}.count`, `min ${min} is greater than max ${max}`);
    bounds = { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
  }
  const from = p.from ?? '';
  const to = p.to ?? '';
  return {
    ...p,
    id: r.optionalString(o.id, `${path}.id`) ?? `${from}>${to}:${p.operation ?? '**'}`,
    from,
    to,
    kind: p.kind ?? 'http',
    required: r.optionalBoolean(o.required, `${path}.required`) ?? false,
    ...(bounds && { count: bounds }),
  };
}

function readOrder(r: Reader, value: unknown, path: string, ids: ReadonlySet<string>): OrderRule {
  const o = r.object(value, path) ?? {};
  r.onlyKeys(o, path, ['before', 'after']);
  const before = r.string(o.before, `${path}.before`) ?? '';
  const after = r.string(o.after, `${path}.after`) ?? '';
  for (const [key, id] of [['before', before], ['after', after]] as const) {
    if (id && !ids.has(id)) r.problem(`${path}.${key}`, `names no hop id (${JSON.stringify(id)})`);
  }
  return { before, after };
}

function readInvariants(r: Reader, meta: Record<string, unknown>, spec: Record<string, unknown>, name: string, file: string): Invariants {
  r.onlyKeys(meta, 'metadata', ['name', 'description']);
  r.onlyKeys(spec, 'spec', ['forbidden', 'allowed', 'rpcKinds']);
  const forbidden = r.array(spec.forbidden, 'spec.forbidden', true).map((f, i): ForbiddenHop => {
    const path = `spec.forbidden[${i}]`;
    const o = r.object(f, path) ?? {};
    r.onlyKeys(o, path, ['id', 'from', 'to', 'kind', 'operation', 'severity', 'description', 'except']);
    return {
      ...readPattern(r, o, path),
      id: r.string(o.id, `${path}.id`) ?? '',
      description: r.string(o.description, `${path}.description`) ?? '',
      severity: r.oneOf(o.severity ?? 'critical', `${path}.severity`, SEVERITIES) ?? 'critical',
      except: r.array(o.except, `${path}.except`, true).map((e, j) => {
        const eo = r.object(e, `${path}.except[${j}]`) ?? {};
        r.onlyKeys(eo, `${path}.except[${j}]`, ['from', 'to', 'kind', 'operation']);
        return readPattern(r, eo, `${path}.except[${j}]`);
      }),
    };
  });
  const allowed = r.array(spec.allowed, 'spec.allowed', true).map((a, i) => {
    const o = r.object(a, `spec.allowed[${i}]`) ?? {};
    r.onlyKeys(o, `spec.allowed[${i}]`, ['from', 'to', 'kind', 'operation']);
    return readPattern(r, o, `spec.allowed[${i}]`);
  });
  const kinds = spec.rpcKinds === undefined ? {} : (r.object(spec.rpcKinds, 'spec.rpcKinds') ?? {});
  const rpcKinds: Record<string, (typeof HOP_KINDS)[number]> = {};
  for (const [method, kind] of Object.entries(kinds)) {
    const k = r.oneOf(kind, `spec.rpcKinds.${method}`, ['rpc_call', 'rpc_cast', 'rpc_fanout'] as const);
    if (k) rpcKinds[method] = k;
  }
  return { name, forbidden, allowed, rpcKinds, file };
}
