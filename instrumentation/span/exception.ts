import type { Attributes, Exception } from '@opentelemetry/api';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';

/**
 * The `exception` event's attributes as the SDK's Span `recordException` builds them: the type
 * (the error's `code`, else its `name`), message and stack; undefined when there is neither a
 * type nor a message (the SDK then records nothing).
 */
export function exceptionAttributes(exception: Exception): Attributes | undefined {
  const attributes: Attributes = {};
  if (typeof exception === 'string') attributes[ATTR_EXCEPTION_MESSAGE] = exception;
  else if (exception !== undefined) {
    if (exception.code !== undefined) attributes[ATTR_EXCEPTION_TYPE] = exception.code.toString();
    else if (exception.name !== undefined) attributes[ATTR_EXCEPTION_TYPE] = exception.name;
    if (exception.message !== undefined) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
    if (exception.stack !== undefined) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
  }
  return attributes[ATTR_EXCEPTION_TYPE] !== undefined || attributes[ATTR_EXCEPTION_MESSAGE] !== undefined ? attributes : undefined;
}
