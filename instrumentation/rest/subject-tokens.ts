import type { Context } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';

const AUTH_TOKEN = 'x-auth-token';
const SUBJECT_TOKEN = 'x-subject-token';

/**
 * The parent for keystonemiddleware's token validation, the one call a service makes with no
 * RequestContext: `GET /v3/auth/tokens` with the user's token in `X-Subject-Token`. In a
 * bodyless request it runs in the synchronous part of the middleware chain and finds the
 * server span there (`withSyncScope`); after a request body has been read it does not, so for
 * requests with a body the server middleware holds its span's context under the request's
 * `X-Auth-Token` until the response closes, and the HTTP client shim looks the subject token up.
 * Requests that share a token in flight at once share one entry: the latest one's.
 */
export class SubjectTokenScopes {
  readonly #byToken = new Map<string, Context>();

  /** Holds `scope` for the request's token when the request has a body; returns the token held. */
  hold(req: IncomingMessage, scope: Context): string | undefined {
    if (!hasBody(req)) return undefined;
    const token = req.headers[AUTH_TOKEN];
    if (typeof token !== 'string' || token === '') return undefined;
    this.#byToken.set(token, scope);
    return token;
  }

  /** Forgets `token` unless a later request holds it now. */
  release(token: string, scope: Context): void {
    if (this.#byToken.get(token) === scope) this.#byToken.delete(token);
  }

  /** The scope held for the `X-Subject-Token` among `headers` (any case), if any. */
  scopeFor(headers: Readonly<Record<string, string>> | undefined): Context | undefined {
    if (this.#byToken.size === 0) return undefined;
    for (const name in headers) {
      if (name.toLowerCase() === SUBJECT_TOKEN) return this.#byToken.get(headers[name]!);
    }
    return undefined;
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
