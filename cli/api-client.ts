import { ExitCode } from './command.js';

/** The analyzer's address when neither `--api` nor HOPTRACE_API says otherwise (Jaeger's query port). */
export const DEFAULT_API_URL = 'http://127.0.0.1:16686';

/** A failed API call, carrying the exit code the CLI should end with and a message for people. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

export type Query = Readonly<Record<string, string | number | undefined>>;

/**
 * A thin JSON client for the analyzer's HTTP API. Errors come back as ApiError: 404 → notFound,
 * 409 (a conflict such as nothing to learn from) → failure, other 4xx → usage (the server's message is the user's mistake), unreachable or 5xx → unavailable.
 */
export class ApiClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  url(path: string, query: Query = {}): string {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async getJson<T>(path: string, query: Query = {}): Promise<T> {
    return (await this.#request('GET', path, query)).json() as Promise<T>;
  }

  async getText(path: string, query: Query = {}): Promise<string> {
    return (await this.#request('GET', path, query)).text();
  }

  async postJson<T>(path: string, body: unknown): Promise<T> {
    const response = await this.#request('POST', path, {}, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Opens a streaming GET (server-sent events); the caller reads `body`. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    return this.#request('GET', path, {}, undefined, signal);
  }

  async #request(method: string, path: string, query: Query, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const url = this.url(path, query);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(`cannot reach the analyzer at ${this.baseUrl} (${causeOf(error)}); is \`hoptrace start\` running? (set --api or HOPTRACE_API)`, ExitCode.unavailable);
    }
    if (response.ok) return response;
    const detail = await errorDetail(response);
    if (response.status === 404) throw new ApiError(detail, ExitCode.notFound);
    if (response.status === 409) throw new ApiError(detail, ExitCode.failure);
    if (response.status < 500) throw new ApiError(`${method} ${path}: ${detail}`, ExitCode.usage);
    throw new ApiError(`${method} ${path} failed with ${response.status}: ${detail}`, ExitCode.unavailable);
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The message of `{error: "…"}`, `{message: "…"}`, Jaeger's `{errors: [{msg}]}`, or the raw text. */
async function errorDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; errors?: { msg?: string }[] };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.message === 'string') return body.message;
    if (body.error && typeof body.error === 'object' && 'message' in body.error) return String(body.error.message);
    if (Array.isArray(body.errors) && body.errors[0]?.msg) return body.errors[0].msg;
  } catch {
    // not JSON: fall through to the text
  }
  return text.trim() || response.statusText || `HTTP ${response.status}`;
}
