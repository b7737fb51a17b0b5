/**
 * The few compute API calls the start scenario makes, the way a real client makes them: a
 * keystone password login, then JSON requests to nova with the token. Every answer's
 * `x-openstack-request-id` is returned: it is the id the flow is found by.
 */
export interface ServerState {
  /** `ACTIVE`, `SHELVED_OFFLOADED`, …, or `DELETED` once nova answers 404. */
  readonly status: string;
  readonly taskState: string | null;
}

export interface Answer {
  readonly status: number;
  readonly requestId: string;
  readonly body: Record<string, unknown> | null;
}

export class ComputeClient {
  readonly #nova: string;
  readonly #token: string;

  private constructor(nova: string, token: string) {
    this.#nova = nova.replace(/\/+$/, '');
    this.#token = token;
  }

  /** Logs in to keystone with a project-scoped password token (the seed users' passwords are their names). */
  static async login(keystone: string, nova: string, user: string, project: string): Promise<ComputeClient> {
    const auth = { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password: user } } }, scope: { project: { name: project, domain: { id: 'default' } } } } };
    const response = await fetch(`${keystone.replace(/\/+$/, '')}/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(auth) });
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || token === null) throw new Error(`keystone login as ${user} failed: HTTP ${response.status}`);
    return new ComputeClient(nova, token);
  }

  async request(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${this.#nova}/v2.1${path}`, {
      method,
      headers: { 'x-auth-token': this.#token, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, requestId: response.headers.get('x-openstack-request-id') ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  async server(id: string): Promise<ServerState> {
    const answer = await this.request('GET', `/servers/${id}`);
    if (answer.status === 404) return { status: 'DELETED', taskState: null };
    const server = answer.body?.server as Record<string, unknown> | undefined;
    return { status: String(server?.status ?? 'UNKNOWN'), taskState: (server?.['OS-EXT-STS:task_state'] as string | null | undefined) ?? null };
  }

  /** Polls until the server reaches one of `statuses` with no task in progress; throws after `timeoutMs`. */
  async waitFor(id: string, statuses: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<ServerState> {
    const deadline = Date.now() + timeoutMs;
    let state = await this.server(id);
    while (!(statuses.includes(state.status) && state.taskState === null)) {
      if (signal.aborted) throw new Error('interrupted');
      if (Date.now() > deadline) throw new Error(`server ${id} is ${state.status}/${state.taskState ?? 'None'} after ${timeoutMs / 1000} s, expected ${statuses.join(' or ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await this.server(id);
    }
    return state;
  }
}
