/**
 * HTTP method normalisation per the semantic conventions: known methods keep their upper-case
 * name; anything else becomes `_OTHER` (and the span name is just `HTTP`), so a client cannot
 * blow up span-name cardinality.
 */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

export interface NormalisedMethod {
  /** `http.request.method`: the method, or `_OTHER`. */
  readonly method: string;
  /** The method as sent, when it was normalised away (`http.request.method_original`). */
  readonly original?: string;
  /** The first word of the span name: the method, or `HTTP` for `_OTHER`. */
  readonly spanPrefix: string;
}

/** One frozen answer per spelling of a known method seen (`get`, `GET`; bounded): no allocation per request. */
const known = new Map<string, NormalisedMethod>();

export function normaliseMethod(raw: string): NormalisedMethod {
  const cached = known.get(raw);
  if (cached !== undefined) return cached;
  const upper = raw.toUpperCase();
  if (!KNOWN_METHODS.has(upper)) return { method: '_OTHER', original: raw, spanPrefix: 'HTTP' };
  const normalised = Object.freeze({ method: upper, spanPrefix: upper });
  known.set(raw, normalised);
  return normalised;
}
