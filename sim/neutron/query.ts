import type { Request } from 'express';

/** Query keys that are not attribute filters. */
const CONTROL = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);

/**
 * neutron's list semantics: every other query key filters on the attribute of that name
 * (repeated keys = any of the values; booleans compared case-insensitively), and `fields`
 * (repeatable) keeps only the named attributes.
 */
export function listOf(req: Request, items: Record<string, unknown>[]): Record<string, unknown>[] {
  const filters = Object.entries(req.query).filter(([key]) => !CONTROL.has(key));
  const kept = items.filter((item) => filters.every(([key, wanted]) => matches(item[key === 'tenant_id' ? 'project_id' : key], wanted)));
  const fields = valuesOf(req.query['fields']);
  if (fields.length === 0) return kept;
  return kept.map((item) => Object.fromEntries(fields.filter((field) => field in item).map((field) => [field, item[field]])));
}

function matches(actual: unknown, wanted: unknown): boolean {
  const values = valuesOf(wanted);
  if (values.length === 0) return true;
  const text = typeof actual === 'boolean' ? String(actual) : typeof actual === 'string' || typeof actual === 'number' ? String(actual) : undefined;
  if (text === undefined) return false;
  return values.some((value) => (typeof actual === 'boolean' ? value.toLowerCase() === text : value === text));
}

function valuesOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
