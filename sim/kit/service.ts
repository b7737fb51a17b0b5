import type { RequestListener } from 'node:http';
import type { CloudEnvironment } from './environment.js';
import type { ServiceStats } from './rest/app.js';
import { listen } from './rest/listen.js';

/** A started service of the simulated cloud. */
export interface RunningService {
  /** Root URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Responses counted by status class, when the service counts them. */
  readonly stats?: Readonly<ServiceStats>;
  /** Stops serving and releases every socket and timer (safe twice). */
  shutdown(): Promise<void>;
}

/** What every service module exports: `start<Service>(env, { port })`; port 0 = ephemeral. */
export type StartService = (env: CloudEnvironment, options: { readonly port: number }) => Promise<RunningService>;

export interface ServeOptions {
  /** Runs after the socket closed, e.g. to flush queued work. */
  readonly onShutdown?: () => Promise<void> | void;
  /** The counters the service's app increments, exposed as RunningService.stats. */
  readonly stats?: ServiceStats;
}

/** Serves `app` on the environment's host. */
export async function serve(env: CloudEnvironment, app: RequestListener, port: number, options: ServeOptions = {}): Promise<RunningService> {
  const { onShutdown, stats } = options;
  const listening = await listen(app, env.host, port);
  let stopping: Promise<void> | undefined;
  return {
    url: listening.url,
    ...(stats === undefined ? {} : { stats }),
    shutdown: () => {
      stopping ??= (async () => {
        await listening.close();
        await onShutdown?.();
      })();
      return stopping;
    },
  };
}
