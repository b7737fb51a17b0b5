import type { RequestHandler, Response } from 'express';
import { isValidRequestId, newRequestId, REQUEST_ID_HEADER } from '../../../core/request-id.js';
import type { RequestContext } from '../context.js';

/**
 * oslo.middleware's RequestId: mints `req-<uuid4>` for every request, keeps a valid inbound
 * `X-OpenStack-Request-ID` as the global id (an invalid one is ignored silently), answers with the
 * local id in `x-openstack-request-id` (plus any `extraHeaders`, e.g. nova's
 * `x-compute-request-id`), and puts the RequestContext on `res.locals.context`.
 */
export function requestIdMiddleware(extraHeaders: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    const inbound = req.get(REQUEST_ID_HEADER);
    const context: RequestContext = {
      request_id: newRequestId(),
      global_request_id: isValidRequestId(inbound) ? inbound : null,
      user_id: null,
      project_id: null,
    };
    res.locals['context'] = context;
    res.setHeader(REQUEST_ID_HEADER, context.request_id);
    for (const header of extraHeaders) res.setHeader(header, context.request_id);
    next();
  };
}

/** The request's context; throws if the request-id middleware did not run (a wiring bug). */
export function contextOf(res: Response): RequestContext {
  const context = res.locals['context'] as RequestContext | undefined;
  if (context === undefined) throw new Error('no RequestContext: requestIdMiddleware is not installed');
  return context;
}
