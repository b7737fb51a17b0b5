/** Attribute values as Jaeger tags (tracing.md §5.5): typed scalars; arrays and maps as JSON strings. */
import type { AttributeValue, Attributes } from '../../../core/span.js';

export interface JaegerTag {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string | number | boolean;
}

export function toTag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { key, type: 'float64', value };
    return Number.isSafeInteger(value) ? { key, type: 'int64', value } : { key, type: 'int64', value: String(value) };
  }
  if (typeof value === 'string') return { key, type: 'string', value };
  return { key, type: 'string', value: JSON.stringify(value) };
}

export function toTags(attributes: Attributes): JaegerTag[] {
  return Object.entries(attributes).map(([key, value]) => toTag(key, value));
}
