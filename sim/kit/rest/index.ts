/** The REST kit's public surface. */
export { createServiceApp, DEFAULT_BODY_LIMIT_BYTES, newServiceStats } from './app.js';
export type { ServiceAppOptions, ServiceStats } from './app.js';
export { ApiError, isApiError } from './api-error.js';
export type { ApiErrorOptions } from './api-error.js';
export { authMiddleware, keystoneTokenValidator } from './auth.js';
export type { TokenInfo, TokenValidator } from './auth.js';
export { novaFaultName, renderError } from './error-formats.js';
export type { ErrorFamily } from './error-formats.js';
export { listen } from './listen.js';
export type { Listening } from './listen.js';
export { contextOf, requestIdMiddleware } from './request-id.js';
