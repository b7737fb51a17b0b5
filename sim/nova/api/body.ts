import express from 'express';
import type { RequestHandler } from 'express';
import { ApiError, DEFAULT_BODY_LIMIT_BYTES } from '../../kit/rest/index.js';

const parseUntyped = express.json({ type: () => true, limit: DEFAULT_BODY_LIMIT_BYTES, strict: false });

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * nova's request-body rules (nova/api/openstack/wsgi.py): a body without a Content-Type is read
 * as JSON; a body with any type other than JSON is refused with 415 badMediaType. JSON bodies
 * were already parsed by the service app.
 */
export function novaBody(): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    const type = req.headers['content-type'];
    if (type === undefined || type === '') return parseUntyped(req, res, next);
    if (!/json/i.test(type)) throw new ApiError(415, `Unsupported Content-Type: ${type.split(';')[0]!}`);
    next();
  };
}
