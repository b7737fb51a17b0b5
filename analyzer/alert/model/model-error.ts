/**
 * A model file that cannot be used. `problems` lists every problem found (not only the first),
 * each naming the file and the key, e.g. `models/boot.yaml: spec.hops[3].kind: must be one of …`.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly file: string;
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.file = file;
    this.problems = problems;
  }
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}
