/**
 * The one error a simulated REST handler throws to answer with a 4xx/5xx. The app's error handler
 * renders it in the service's native error format (openstack.md §5.7); anything else thrown
 * becomes a 500 in that format.
 */
export interface ApiErrorOptions {
  /** neutron's `NeutronError.type`, e.g. `NetworkNotFound`. */
  readonly type?: string;
  /** placement's `errors[].code`, e.g. `placement.concurrent_update`. */
  readonly code?: string;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.status = status;
    this.type = options.type;
    this.code = options.code;
    this.headers = options.headers ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
