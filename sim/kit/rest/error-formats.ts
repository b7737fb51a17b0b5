import { STATUS_CODES } from 'node:http';
import type { ApiError } from './api-error.js';

/** The error-body families of the simulated services (openstack.md §5.7). cinder shares nova's. */
export type ErrorFamily = 'keystone' | 'nova' | 'glance' | 'neutron' | 'placement' | 'cinder';

export interface RenderedError {
  readonly contentType: string;
  readonly body: string;
}

export interface ErrorRequest {
  /** The request's `Accept` header ('' when absent); only glance looks at it. */
  readonly accept: string;
  /** The local request id, for placement's `errors[].request_id`. */
  readonly requestId: string;
}

const JSON_UTF8 = 'application/json; charset=UTF-8';

export function renderError(family: ErrorFamily, error: ApiError, request: ErrorRequest): RenderedError {
  const title = STATUS_CODES[error.status] ?? 'Error';
  switch (family) {
    case 'keystone':
      return json({ error: { code: error.status, title, message: error.message } });
    case 'nova':
    case 'cinder':
      return json({ [novaFaultName(error.status)]: { code: error.status, message: error.message, ...retryAfter(error) } });
    case 'neutron':
      return json({ NeutronError: { type: error.type ?? neutronType(error.status), message: error.message, detail: '' } });
    case 'placement':
      return json({ errors: [{ status: error.status, title, detail: `${title}\n\n${error.message}  `, request_id: request.requestId, ...(error.code === undefined ? {} : { code: error.code }) }] });
    case 'glance':
      return webob(error, title, request.accept);
  }
}

/** nova `Fault` names by status (nova/api/openstack/wsgi.py). */
export function novaFaultName(status: number): string {
  const names: Record<number, string> = { 400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound', 405: 'badMethod', 406: 'notAcceptable', 409: 'conflictingRequest', 413: 'overLimit', 415: 'badMediaType', 429: 'overLimit', 501: 'notImplemented', 503: 'serviceUnavailable' };
  return names[status] ?? 'computeFault';
}

function retryAfter(error: ApiError): Record<string, string> {
  return error.status === 413 || error.status === 429 ? { retryAfter: error.headers['Retry-After'] ?? '0' } : {};
}

function neutronType(status: number): string {
  const types: Record<number, string> = { 400: 'HTTPBadRequest', 401: 'HTTPUnauthorized', 403: 'HTTPForbidden', 404: 'HTTPNotFound', 409: 'Conflict', 413: 'HTTPRequestEntityTooLarge' };
  return types[status] ?? 'HTTPInternalServerError';
}

/** WebOb's `WSGIHTTPException.generate_response`: HTML, JSON or plain text by the best `Accept` match. */
function webob(error: ApiError, title: string, accept: string): RenderedError {
  const statusLine = `${error.status} ${title}`;
  const kind = webobMatch(accept);
  if (kind === 'json') return json({ message: error.message, code: statusLine, title });
  if (kind === 'html') {
    const body = `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${escapeHtml(error.message)}<br /><br />\n\n\n\n </body>\n</html>`;
    return { contentType: 'text/html; charset=UTF-8', body };
  }
  return { contentType: 'text/plain; charset=UTF-8', body: `${statusLine}\n\n${error.message}\n\n   ` };
}

function webobMatch(accept: string): 'html' | 'json' | 'text' {
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  for (const type of types) {
    if (type === 'text/html' || type === '*/*' || type === 'text/*') return 'html';
    if (type === 'application/json') return 'json';
    if (type === 'text/plain') return 'text';
  }
  return 'text';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function json(value: unknown): RenderedError {
  return { contentType: JSON_UTF8, body: JSON.stringify(value) };
}
