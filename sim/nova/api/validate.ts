import { ApiError } from '../../kit/rest/index.js';

/** nova's JSON-schema failure message, reduced: `Invalid input for field/attribute <name>. <reason>`. */
export function invalid(field: string, reason: string): ApiError {
  return new ApiError(400, `Invalid input for field/attribute ${field}. ${reason}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The one member `key` of a request body `{"<key>": {...}}`; 400 when absent or not an object. */
export function envelope(body: unknown, key: string): Record<string, unknown> {
  if (!isRecord(body)) throw new ApiError(400, 'The request body is not a JSON object.');
  const inner = body[key];
  if (!isRecord(inner)) throw invalid(key, `Value: ${JSON.stringify(inner) ?? 'None'}. '${key}' is a required property`);
  return inner;
}

/** An optional positive integer such as `min_count`; strings of digits are accepted as nova does. */
export function optionalCount(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) throw invalid(field, `Value: ${JSON.stringify(value)}. ${JSON.stringify(value)} is not a positive integer`);
  return number;
}

export function requiredName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 255) {
    throw invalid('name', `Value: ${JSON.stringify(value) ?? 'None'}. The name must be a non-empty string of at most 255 characters`);
  }
  return value;
}
