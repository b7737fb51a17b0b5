import type { RequestListener } from 'node:http';
import type { CloudEnvironment } from './environment.js';
import { listen } from './rest/listen.js';

/** A started service of the simulated cloud. */
export interface RunningService {
  /** Root URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops serving and releases every socket and timer (safe twice). */
  shutdown(): Promise<void>;
}

/** What every service module exports: `start<Service>(env, { port })`; port 0 = ephemeral. */
export type StartService = (env: CloudEnvironment, options: { readonly port: number }) => Promise<RunningService>;

/** Serves `app` on the environment's host; `onShutdown` runs after the socket closed. */
export async function serve(env: CloudEnvironment, app: RequestListener, port: number, onShutdown?: () => Promise<void> | void): Promise<RunningService> {
  const listening = await listen(app, env.host, port);
  let stopping: Promise<void> | undefined;
  return {
    url: listening.url,
    shutdown: () => {
      stopping ??= (async () => {
        await listening.close();
        await onShutdown?.();
      })();
      return stopping;
    },
  };
}
