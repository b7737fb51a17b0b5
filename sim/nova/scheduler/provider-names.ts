import type { ResourceProvider } from '../clients/placement.js';
import type { HostManager } from './host-manager.js';

const RETRY_MS = 50;
const MAX_ATTEMPTS = 200;

/**
 * Learns which placement resource provider is which compute host, as the scheduler's host
 * manager does at start-up: outside any user request, so the `GET /resource_providers` it makes
 * never shows up inside a flow. Started once the cloud is up (placement's endpoint is filled in
 * after every service listens), retried until it succeeds. A provider still unknown when a
 * request needs it triggers one more refresh, waited for by that request.
 */
export class ProviderNames {
  readonly #list: () => Promise<ResourceProvider[]>;
  readonly #hosts: HostManager;
  #refreshing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(list: () => Promise<ResourceProvider[]>, hosts: HostManager) {
    this.#list = list;
    this.#hosts = hosts;
  }

  /** Starts learning in the background; `ready()` says when to try (placement's URL is known). */
  start(ready: () => boolean): void {
    let attempts = 0;
    const attempt = (): void => {
      if (this.#stopped || attempts++ >= MAX_ATTEMPTS) return;
      if (!ready()) {
        this.#timer = setTimeout(attempt, RETRY_MS);
        return;
      }
      this.#refreshing = this.#refresh().catch(() => {
        this.#refreshing = undefined;
        this.#timer = setTimeout(attempt, RETRY_MS);
      });
    };
    this.#timer = setTimeout(attempt, 0);
  }

  /** The host of provider `uuid`, refreshing once when it is unknown. */
  async hostOf(uuid: string): Promise<string | undefined> {
    const known = this.#hosts.hostOfProvider(uuid);
    if (known !== undefined) return known;
    await this.#refreshing?.catch(() => undefined);
    if (this.#hosts.hostOfProvider(uuid) === undefined) await this.#refresh();
    return this.#hosts.hostOfProvider(uuid);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #refresh(): Promise<void> {
    for (const provider of await this.#list()) this.#hosts.learnProvider(provider.uuid, provider.name);
  }
}
