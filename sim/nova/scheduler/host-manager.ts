/**
 * The scheduler's view of the compute hosts: which instances each runs (kept current by the
 * `update_instance_info` / `delete_instance_info` fanouts) and which placement resource provider
 * is which host.
 */
export class HostManager {
  readonly #hosts: readonly string[];
  readonly #instances = new Map<string, Set<string>>();
  readonly #providerHosts = new Map<string, string>();

  constructor(hosts: readonly string[]) {
    this.#hosts = hosts;
    for (const host of hosts) this.#instances.set(host, new Set());
  }

  get hosts(): readonly string[] {
    return this.#hosts;
  }

  hostOfProvider(uuid: string): string | undefined {
    return this.#providerHosts.get(uuid);
  }

  providerOfHost(host: string): string | undefined {
    for (const [uuid, name] of this.#providerHosts) if (name === host) return uuid;
    return undefined;
  }

  learnProvider(uuid: string, host: string): void {
    if (this.#instances.has(host)) this.#providerHosts.set(uuid, host);
  }

  addInstance(host: string, uuid: string): void {
    this.#instances.get(host)?.add(uuid);
  }

  removeInstance(host: string, uuid: string): void {
    this.#instances.get(host)?.delete(uuid);
  }

  /** The given hosts, least loaded first (the RAM/instance-count weighers, reduced). */
  weigh(hosts: readonly string[]): string[] {
    const load = (host: string) => this.#instances.get(host)?.size ?? 0;
    return [...hosts].sort((a, b) => load(a) - load(b) || a.localeCompare(b));
  }
}
