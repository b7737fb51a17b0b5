/**
 * The request context every simulated service carries for one API request, shaped like
 * oslo.context's `RequestContext.to_dict()` plus nova's additions. Over RPC it travels flattened
 * into `_context_<key>` entries; over REST its global id travels as `X-OpenStack-Request-ID`.
 *
 * Extra keys (for example a W3C `traceparent` added by the shims) travel over RPC untouched.
 */
export interface RequestContext {
  request_id: string;
  global_request_id: string | null;
  user_id: string | null;
  project_id: string | null;
  user_name?: string | null;
  project_name?: string | null;
  roles?: string[];
  is_admin?: boolean;
  auth_token?: string | null;
  [key: string]: unknown;
}

/** oslo.context's `global_id`: the id every outbound call is made under. */
export function globalId(context: RequestContext): string {
  return context.global_request_id ?? context.request_id;
}
