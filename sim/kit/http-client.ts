import type { RequestContext } from './context.js';

/**
 * How one simulated service calls another over REST. Services receive an HttpClient; the
 * tracing shim decorates it (`HttpClient => HttpClient`) without the service knowing.
 */
export interface HttpRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  /** Header names in any case. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON-serialisable value, or raw bytes sent as application/octet-stream. */
  readonly body?: unknown;
  /** The request on whose behalf the call is made; never sent on the wire by the plain client. */
  readonly context?: RequestContext;
  /** Template of the URL for low-cardinality span names, e.g. `/v2/images/{image_id}`. */
  readonly urlTemplate?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the response was JSON, raw bytes otherwise (empty for no body). */
  readonly body: unknown;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** The plain client: Node's fetch, JSON in and out. Network errors reject. */
export function createHttpClient(): HttpClient {
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers };
    let body: string | Uint8Array | undefined;
    if (request.body instanceof Uint8Array) {
      body = request.body;
      headers['content-type'] ??= 'application/octet-stream';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(request.url, { method: request.method, headers, body, redirect: 'manual' });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    const raw = Buffer.from(await response.arrayBuffer());
    const isJson = (responseHeaders['content-type'] ?? '').includes('json') && raw.length > 0;
    return { status: response.status, headers: responseHeaders, body: isJson ? JSON.parse(raw.toString('utf8')) : raw };
  };
}
