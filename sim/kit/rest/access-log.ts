import type { RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { contextOf } from './request-id.js';

/**
 * nova's request log (nova/api/openstack/requestlog.py), for every service: when the response is
 * finished, one INFO line
 * `<client ip> "<METHOD> <path?query>" status: <code> len: <bytes> microversion: <v> time: <seconds>`
 * with the request's context. `microversion` is the version in the response's
 * `OpenStack-API-Version` header (`compute 2.1` → `2.1`), `-` when there is none.
 */
export function accessLogMiddleware(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const length = res.getHeader('content-length') ?? 0;
      const version = String(res.getHeader('openstack-api-version') ?? '').split(' ')[1] ?? '-';
      const ip = (req.socket.remoteAddress ?? '-').replace(/^::ffff:/, '');
      log.info(`${ip} "${req.method} ${req.originalUrl}" status: ${res.statusCode} len: ${String(length)} microversion: ${version} time: ${seconds.toFixed(6)}`, { context: contextOf(res) });
    });
    next();
  };
}
