import type { Tracer } from '@opentelemetry/api';
import { Service } from '../core/services.js';
import type { ServiceHooks } from '../sim/kit/hooks.js';
import { traceDb } from './db.js';
import { traceHttpClient } from './rest/client.js';
import { novaOperationAttributes } from './rest/nova-operation.js';
import { restServerListener } from './rest/server.js';
import { SubjectTokenScopes } from './rest/subject-tokens.js';
import { traceRpcClient } from './rpc/client.js';
import type { DropContext } from './rpc/client.js';
import { traceDispatcher } from './rpc/dispatcher.js';

export interface TracingHooksOptions {
  /** The component's service name (`nova-api`, …); nova-api also gets operation attributes. */
  readonly service: string;
  readonly dropContext?: DropContext;
  /** Told when a shim itself fails (the traced request goes on). */
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * Every shim for one component instance, all emitting through `tracer`. The REST server shim wraps
 * the service's request listener (`wrapRequestListener`), not its router: no middleware layer.
 */
export function tracingHooks(tracer: Tracer, options: TracingHooksOptions): ServiceHooks {
  const classify = options.service === Service.novaApi ? novaOperationAttributes : undefined;
  const shim = options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError };
  const subjectTokens = new SubjectTokenScopes();
  return {
    wrapRequestListener: restServerListener(tracer, {
      subjectTokens,
      ...(classify === undefined ? {} : { classify }),
      ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
    }),
    wrapHttpClient: traceHttpClient(tracer, { ...shim, subjectTokens }),
    wrapRpcClient: traceRpcClient(tracer, {
      service: options.service,
      ...(options.dropContext === undefined ? {} : { dropContext: options.dropContext }),
      ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
    }),
    wrapDispatcher: traceDispatcher(tracer, shim),
    wrapDb: traceDb(tracer, shim),
  };
}
