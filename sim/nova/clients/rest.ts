import type { RequestContext } from '../../kit/context.js';
import { globalId } from '../../kit/context.js';
import type { HttpClient, HttpResponse } from '../../kit/http-client.js';

/** Another service answered with a status nova did not expect. */
export class ServiceHttpError extends Error {
  override readonly name = 'ServiceHttpError';
  readonly status: number;
  readonly body: unknown;
  constructor(method: string, url: string, response: HttpResponse) {
    super(`${method} ${url} answered ${response.status}`);
    this.status = response.status;
    this.body = response.body;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ServiceHttpError && error.status === 404;
}

/** Supplies the token a call is made with: the user's own, or nova's service token. */
export interface TokenSource {
  user(context: RequestContext): string;
  service(): string;
}

export interface RestCall {
  readonly method: string;
  /** Path below the service's base URL, with the query string. */
  readonly path: string;
  readonly urlTemplate: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Authenticate as nova's service user instead of the requesting user. */
  readonly asService?: boolean;
}

/**
 * A keystoneauth-like adapter for one service: every call carries the flow's global request id
 * in `X-OpenStack-Request-ID` (openstack.md §1.3) and a token; a non-2xx status rejects with
 * {@link ServiceHttpError}.
 */
export class ServiceAdapter {
  readonly #http: HttpClient;
  readonly #baseUrl: () => string;
  readonly #tokens: TokenSource;

  /** `baseUrl` is read on every call: endpoints are known only once every service listens. */
  constructor(http: HttpClient, baseUrl: () => string, tokens: TokenSource) {
    this.#http = http;
    this.#baseUrl = baseUrl;
    this.#tokens = tokens;
  }

  async request(context: RequestContext, call: RestCall): Promise<HttpResponse> {
    const token = call.asService ? this.#tokens.service() : this.#tokens.user(context);
    const url = `${this.#baseUrl().replace(/\/+$/, '')}${call.path}`;
    const response = await this.#http({
      method: call.method,
      url,
      headers: { accept: 'application/json', 'x-openstack-request-id': globalId(context), 'x-auth-token': token, ...call.headers },
      body: call.body,
      context,
      urlTemplate: call.urlTemplate,
    });
    if (response.status < 200 || response.status > 299) throw new ServiceHttpError(call.method, url, response);
    return response;
  }
}
