import { ApiError } from '../kit/rest/api-error.js';
import { capacity } from './providers.js';
import type { ResourceClass, ResourceProvider } from './providers.js';

/** What one consumer (an instance or migration uuid) holds, per resource provider. */
export interface Consumer {
  readonly allocations: Record<string, Record<string, number>>;
  readonly project_id: string;
  readonly user_id: string;
  generation: number;
}

/** A requested write for one consumer; `consumer_generation` undefined = not checked (before 1.28). */
export interface AllocationWrite {
  readonly consumer: string;
  readonly allocations: Record<string, Record<string, number>>;
  readonly project_id: string;
  readonly user_id: string;
  readonly consumer_generation?: number | null;
}

/**
 * placement's allocations: written per consumer, all or nothing. A write checks the consumer
 * generation (409 `placement.concurrent_update`), that every provider exists (400), and that no
 * provider goes over capacity (409); it bumps the generation of every provider it touches.
 */
export class AllocationStore {
  readonly #consumers = new Map<string, Consumer>();
  readonly #providers: Map<string, ResourceProvider>;

  constructor(providers: Map<string, ResourceProvider>) {
    this.#providers = providers;
  }

  get(consumer: string): Consumer | undefined {
    return this.#consumers.get(consumer);
  }

  /** Sum of every consumer's allocations against one provider. */
  usage(providerUuid: string, except: ReadonlySet<string> = new Set()): Record<string, number> {
    const used: Record<string, number> = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
    for (const [id, consumer] of this.#consumers) {
      if (except.has(id)) continue;
      for (const [name, amount] of Object.entries(consumer.allocations[providerUuid] ?? {})) used[name] = (used[name] ?? 0) + amount;
    }
    return used;
  }

  consumersOf(providerUuid: string): [string, Record<string, number>][] {
    return [...this.#consumers].filter(([, c]) => providerUuid in c.allocations).map(([id, c]) => [id, c.allocations[providerUuid]!]);
  }

  /** Replaces the allocations of every consumer in `writes` at once. An empty allocation map deletes. */
  write(writes: readonly AllocationWrite[]): void {
    for (const write of writes) this.#checkGeneration(write);
    const replaced = new Set(writes.map((w) => w.consumer));
    const touched = new Set<string>();
    for (const write of writes) {
      for (const [rp, resources] of Object.entries(write.allocations)) {
        if (!this.#providers.has(rp)) throw new ApiError(400, `Allocation for resource provider '${rp}' that does not exist.`, { code: 'placement.undefined_code' });
        touched.add(rp);
        for (const [name, amount] of Object.entries(resources)) {
          if (!Number.isInteger(amount) || amount < 1) throw new ApiError(400, `JSON does not validate: ${amount} is less than the minimum of 1`, { code: 'placement.undefined_code' });
          if (!(name in this.#providers.get(rp)!.inventories)) throw new ApiError(409, `Unable to allocate inventory: Inventory for '${name}' on resource provider '${rp}' invalid.`, { code: 'placement.inventory.inuse' });
        }
      }
    }
    for (const rp of touched) this.#checkCapacity(rp, writes, replaced);
    for (const write of writes) {
      const previous = this.#consumers.get(write.consumer);
      for (const rp of Object.keys(previous?.allocations ?? {})) touched.add(rp);
      if (Object.keys(write.allocations).length === 0) this.#consumers.delete(write.consumer);
      else this.#consumers.set(write.consumer, { allocations: write.allocations, project_id: write.project_id, user_id: write.user_id, generation: (previous?.generation ?? 0) + 1 });
    }
    for (const rp of touched) this.#providers.get(rp)!.generation += 1;
  }

  /** Deletes every allocation of the consumer; 404 when it has none. */
  delete(consumer: string): void {
    const previous = this.#consumers.get(consumer);
    if (previous === undefined) throw new ApiError(404, `No allocations for consumer '${consumer}'`, { code: 'placement.undefined_code' });
    this.#consumers.delete(consumer);
    for (const rp of Object.keys(previous.allocations)) this.#providers.get(rp)!.generation += 1;
  }

  #checkGeneration(write: AllocationWrite): void {
    if (write.consumer_generation === undefined) return;
    const current = this.#consumers.get(write.consumer)?.generation ?? null;
    if (current !== write.consumer_generation) {
      const expected = current === null ? 'None' : String(current);
      const got = write.consumer_generation === null ? 'None' : String(write.consumer_generation);
      const message = current === null ? `consumer generation conflict - expected null but got ${got}` : `consumer generation conflict - expected ${expected} but got ${got}`;
      throw new ApiError(409, message, { code: 'placement.concurrent_update' });
    }
  }

  #checkCapacity(rp: string, writes: readonly AllocationWrite[], replaced: ReadonlySet<string>): void {
    const provider = this.#providers.get(rp)!;
    const used = this.usage(rp, replaced);
    for (const write of writes) for (const [name, amount] of Object.entries(write.allocations[rp] ?? {})) used[name] = (used[name] ?? 0) + amount;
    for (const [name, amount] of Object.entries(used)) {
      const inventory = provider.inventories[name as ResourceClass];
      if (inventory !== undefined && amount > capacity(inventory)) {
        throw new ApiError(409, `Unable to allocate inventory: Unable to create allocation for '${name}' on resource provider '${rp}'. The requested amount would exceed the capacity.`, { code: 'placement.undefined_code' });
      }
    }
  }
}
