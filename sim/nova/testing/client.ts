/** A minimal compute API client for tests: logs in like keystoneauth and speaks JSON. */
export interface NovaTestClient {
  readonly token: string;
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; headers: Headers; body: unknown }>;
  /** Polls `GET /servers/{id}` until `done(server)` holds; returns the statuses seen, in order. */
  waitFor(id: string, done: (server: Record<string, unknown> | null) => boolean, timeoutMs?: number): Promise<string[]>;
}

export async function login(keystone: string, user = 'admin', project = 'admin'): Promise<string> {
  const body = { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password: user } } }, scope: { project: { name: project, domain: { id: 'default' } } } } };
  const response = await fetch(`${keystone}/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || token === null) throw new Error(`login as ${user} failed: ${response.status}`);
  return token;
}

export async function novaClient(nova: string, keystone: string, user = 'admin', project = 'admin'): Promise<NovaTestClient> {
  const token = await login(keystone, user, project);
  const request: NovaTestClient['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { 'x-auth-token': token, accept: 'application/json', ...options.headers };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    if (options.raw !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${nova}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const waitFor: NovaTestClient['waitFor'] = async (id, done, timeoutMs = 15_000) => {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await request('GET', `/v2.1/servers/${id}`);
      const server = response.status === 404 ? null : ((response.body as { server: Record<string, unknown> }).server ?? null);
      const status = server === null ? 'DELETED(404)' : `${String(server['status'])}/${String(server['OS-EXT-STS:task_state'])}`;
      if (seen.at(-1) !== status) seen.push(status);
      if (done(server)) return seen;
      if (Date.now() > deadline) throw new Error(`server ${id} did not settle; saw ${seen.join(' → ')}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  return { token, request, waitFor };
}
