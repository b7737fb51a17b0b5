import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ModelError } from './model-error.js';
import { parseModelDocument } from './parse.js';
import type { FlowModel, Invariants, ModelSource } from './types.js';

export interface ModelSet {
  /** By operation. */
  readonly models: ReadonlyMap<string, FlowModel>;
  readonly invariants: readonly Invariants[];
}

/**
 * Parses one YAML text holding one or more `---`-separated model documents. YAML syntax errors
 * and schema problems both throw a ModelError naming `file` (and the line, for syntax errors).
 */
export function parseModelText(text: string, file: string, source: ModelSource): ModelSet {
  const models = new Map<string, FlowModel>();
  const invariants: Invariants[] = [];
  const problems: string[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const where = (p: string): string => (i === 0 ? p : `document ${i + 1}: ${p}`);
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(where(`YAML: ${e.message.split('\n')[0]}`));
      return;
    }
    try {
      const parsed = parseModelDocument(doc.toJS(), file, source);
      if (parsed.kind === 'Invariants') invariants.push(parsed.invariants);
      else if (models.has(parsed.model.operation)) problems.push(where(`spec.operation: a second model for ${JSON.stringify(parsed.model.operation)}`));
      else models.set(parsed.model.operation, parsed.model);
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      problems.push(...error.problems.map(where));
    }
  });
  if (problems.length > 0) throw new ModelError(file, problems);
  return { models, invariants };
}

/**
 * Reads every `*.yaml` / `*.yml` file of `dir` (sorted by name). One operation defined in two files
 * is an error. Throws a ModelError for the first bad file, or naming the directory when it cannot
 * be read (a missing directory is an error, not an empty model set).
 */
export function loadModelDir(dir: string, source: ModelSource): ModelSet {
  const models = new Map<string, FlowModel>();
  const invariants: Invariants[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new ModelError(dir, [`cannot read the models directory: ${(error as Error).message}`]);
  }
  const files = names.filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const name of files) {
    const file = join(dir, name);
    const set = parseModelText(readFileSync(file, 'utf8'), file, source);
    for (const [op, model] of set.models) {
      const other = models.get(op);
      if (other) throw new ModelError(file, [`spec.operation: ${JSON.stringify(op)} is already defined in ${other.file}`]);
      models.set(op, model);
    }
    invariants.push(...set.invariants);
  }
  return { models, invariants };
}

/** Later sets override earlier ones per operation; invariants accumulate. */
export function mergeModelSets(...sets: readonly ModelSet[]): ModelSet {
  const models = new Map<string, FlowModel>();
  const invariants: Invariants[] = [];
  for (const set of sets) {
    for (const [op, model] of set.models) models.set(op, model);
    invariants.push(...set.invariants);
  }
  return { models, invariants };
}
