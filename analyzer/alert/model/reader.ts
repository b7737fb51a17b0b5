/**
 * A tiny typed reader over an untrusted parsed document. Each accessor records a problem naming
 * the key path instead of throwing, so a validator reports every problem at once.
 */
export class Reader {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problem(path, value === undefined ? 'is required' : 'must be a mapping');
    return undefined;
  }

  array(value: unknown, path: string, optional = false): readonly unknown[] {
    if (value === undefined && optional) return [];
    if (Array.isArray(value)) return value;
    this.problem(path, value === undefined ? 'is required' : 'must be a list');
    return [];
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    this.problem(path, value === undefined ? 'is required' : 'must be a non-empty string');
    return undefined;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(path, value === undefined ? `is required (one of ${allowed.join(', ')})` : `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return undefined;
  }

  optionalCount(value: unknown, path: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    this.problem(path, 'must be an integer >= 0');
    return undefined;
  }

  optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    this.problem(path, 'must be true or false');
    return undefined;
  }

  /** Flags keys the schema does not know, so a typo (`requird:`) is not silently ignored. */
  onlyKeys(value: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.problem(path ? `${path}.${key}` : key, `unknown key (known: ${known.join(', ')})`);
    }
  }
}
