import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { learnBaseline, acceptEdge } from '../baseline/learn.js';
import type { LearnOptions } from '../baseline/learn.js';
import type { Flow } from '../../../core/flow.js';
import { loadModelDir, mergeModelSets } from './load.js';
import type { ModelSet } from './load.js';
import { serializeFileName, modelToYaml } from './serialize.js';
import type { ExpectedHop, FlowModel, Invariants } from './types.js';

export interface RegistryOptions {
  readonly modelsDir?: string | false;
  readonly userModelsDir?: string;
  readonly baselineDir?: string;
}

/**
 * The models in force: expected models (shipped, overridden per operation by the user's) with the
 * invariants, and learned baselines. Files are read once, at construction (a bad file throws a
 * ModelError naming it); baselines learned or accepted later are written to `baselineDir` when set.
 */
export class ModelRegistry {
  readonly #expected: ModelSet;
  readonly #baselines = new Map<string, FlowModel>();
  readonly #baselineDir: string | undefined;

  constructor(options: RegistryOptions) {
    const sets: ModelSet[] = [];
    if (options.modelsDir !== false && options.modelsDir !== undefined) sets.push(loadModelDir(options.modelsDir, 'shipped'));
    if (options.userModelsDir) sets.push(loadModelDir(options.userModelsDir, 'user'));
    this.#expected = mergeModelSets(...sets);
    this.#baselineDir = options.baselineDir;
    if (this.#baselineDir && existsSync(this.#baselineDir)) {
      for (const [op, model] of loadModelDir(this.#baselineDir, 'learned').models) this.#baselines.set(op, model);
    }
  }

  get invariants(): readonly Invariants[] {
    return this.#expected.invariants;
  }

  model(operation: string): FlowModel | undefined {
    return this.#expected.models.get(operation);
  }

  baseline(operation: string): FlowModel | undefined {
    return this.#baselines.get(operation);
  }

  models(): FlowModel[] {
    return [...this.#expected.models.values()];
  }

  baselines(): FlowModel[] {
    return [...this.#baselines.values()];
  }

  /** Learns (replacing) the operation's baseline from `flows`; throws when none is usable. */
  learn(operation: string, flows: readonly Flow[], options?: LearnOptions): FlowModel {
    return this.#setBaseline(learnBaseline(operation, flows, options));
  }

  /** Accepts an edge into the operation's baseline; undefined when there is no baseline. */
  accept(operation: string, edge: Pick<ExpectedHop, 'from' | 'to' | 'kind' | 'operation'>): FlowModel | undefined {
    const baseline = this.#baselines.get(operation);
    return baseline && this.#setBaseline(acceptEdge(baseline, edge));
  }

  #setBaseline(model: FlowModel): FlowModel {
    let saved = model;
    if (this.#baselineDir) {
      mkdirSync(this.#baselineDir, { recursive: true });
      const file = join(this.#baselineDir, serializeFileName(model.operation));
      writeFileSync(`${file}.tmp`, modelToYaml(model));
      renameSync(`${file}.tmp`, file);
      saved = { ...model, file };
    }
    this.#baselines.set(model.operation, saved);
    return saved;
  }
}
