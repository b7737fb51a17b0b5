import { startCinder } from '../../cinder/index.js';
import { startGlance } from '../../glance/index.js';
import { startKeystone } from '../../keystone/index.js';
import { startNeutron } from '../../neutron/index.js';
import { startPlacement } from '../../placement/index.js';
import { createEnvironment } from '../environment.js';
import type { CloudEnvironment, EnvironmentOptions, RestService } from '../environment.js';
import type { ServiceStats } from '../rest/app.js';
import type { RunningService, StartService } from '../service.js';

/** The non-nova services, started on port 0 for tests of one service at a time. */
const STARTERS: Partial<Record<RestService, StartService>> = { keystone: startKeystone, glance: startGlance, neutron: startNeutron, placement: startPlacement, cinder: startCinder };

export interface TestServices {
  readonly env: CloudEnvironment;
  /** A project-scoped token: `admin` in project admin, or `demo` in project demo. */
  token(user: 'admin' | 'demo'): Promise<string>;
  /** fetch against a service's root URL, JSON bodies in and out. */
  request(service: RestService, method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array }): Promise<{ status: number; headers: Headers; text: string; json: unknown }>;
  /** The response counters of a started service. */
  stats(service: RestService): Readonly<ServiceStats>;
  shutdown(): Promise<void>;
}

/** Starts keystone plus the named services on ephemeral loopback ports (step delay 0 unless given). */
export async function startTestServices(services: readonly RestService[], options: EnvironmentOptions = {}): Promise<TestServices> {
  const env = createEnvironment({ stepDelayMs: 0, ...options });
  const started: RunningService[] = [];
  const byName = new Map<RestService, RunningService>();
  for (const name of ['keystone', ...services.filter((s) => s !== 'keystone')] as RestService[]) {
    const start = STARTERS[name];
    if (start === undefined) throw new Error(`startTestServices: ${name} is not a service this helper starts`);
    const service = await start(env, { port: 0 });
    started.push(service);
    byName.set(name, service);
    env.endpoints[name] = service.url;
  }
  const request: TestServices['request'] = async (service, method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers['X-Auth-Token'] = opts.token;
    let body: string | Uint8Array | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${env.endpoints[service]}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  const tokens = new Map<string, string>();
  return {
    env,
    request,
    stats: (service) => {
      const stats = byName.get(service)?.stats;
      if (stats === undefined) throw new Error(`startTestServices: ${service} was not started or counts nothing`);
      return stats;
    },
    token: async (user) => {
      const cached = tokens.get(user);
      if (cached !== undefined) return cached;
      const response = await request('keystone', 'POST', '/v3/auth/tokens', {
        body: { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password: user } } }, scope: { project: { name: user, domain: { id: 'default' } } } } },
      });
      const token = response.headers.get('x-subject-token');
      if (response.status !== 201 || token === null) throw new Error(`token for ${user}: keystone answered ${response.status} ${response.text}`);
      tokens.set(user, token);
      return token;
    },
    shutdown: async () => {
      for (const service of started.reverse()) await service.shutdown();
      env.logs.close();
    },
  };
}
