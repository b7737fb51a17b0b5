import { adminContext } from '../kit/environment.js';
import type { CloudEnvironment } from '../kit/environment.js';
import type { HttpClient } from '../kit/http-client.js';
import type { Logger } from '../kit/log.js';

/** One nova external event (openstack.md §5.3, External events). */
export interface NovaEvent {
  readonly name: 'network-vif-plugged' | 'network-vif-unplugged' | 'network-vif-deleted' | 'network-changed';
  readonly server_uuid: string;
  readonly tag: string;
  readonly status: 'completed' | 'failed';
}

/**
 * neutron's nova notifier (neutron/notifiers/nova.py): events are batched for one state-machine
 * step, then sent as their own request — `POST {nova}/v2.1/os-server-external-events` with a fresh
 * admin context (a new request id, not the id of the port update that caused them) and the
 * service token. A failed send is logged with every event it carried and counted; it never
 * throws into neutron's request handling.
 */
export class NovaNotifier {
  readonly #env: CloudEnvironment;
  readonly #http: HttpClient;
  readonly #log: Logger;
  #pending: NovaEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sending = new Set<Promise<void>>();
  /** Events nova accepted, and events that could not be delivered. */
  readonly stats = { sent: 0, failed: 0 };

  constructor(env: CloudEnvironment, http: HttpClient, log: Logger) {
    this.#env = env;
    this.#http = http;
    this.#log = log;
  }

  notify(event: NovaEvent): void {
    this.#pending.push(event);
    this.#timer ??= setTimeout(() => this.#flush(), this.#env.timing.stepDelayMs);
  }

  /** Sends what is pending now and waits for every send in flight (safe twice). */
  async shutdown(): Promise<void> {
    if (this.#pending.length > 0) this.#flush();
    await Promise.allSettled([...this.#sending]);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#pending;
    this.#pending = [];
    const sending = this.#send(events).finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  async #send(events: NovaEvent[]): Promise<void> {
    const context = adminContext(this.#env);
    try {
      const response = await this.#http({
        method: 'POST',
        url: `${this.#env.endpoints['nova-api']}/v2.1/os-server-external-events`,
        urlTemplate: '/v2.1/os-server-external-events',
        headers: { 'X-OpenStack-Nova-API-Version': '2.1' },
        body: { events },
        context,
      });
      if (response.status !== 200 && response.status !== 207) throw new Error(`nova answered ${response.status}`);
      this.stats.sent += events.length;
      this.#log.info(`Nova event response: ${JSON.stringify(events.map((event) => ({ ...event, code: 200 })))}`, { context });
    } catch (error) {
      this.stats.failed += events.length;
      this.#log.error(`Failed to notify nova on events: ${JSON.stringify(events)}: ${error instanceof Error ? error.message : String(error)}`, { context });
    }
  }
}
