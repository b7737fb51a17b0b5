import { FLAVORS } from '../../kit/devstack.js';

/** A flavor as nova stores it. Ids are strings (devstack's `m1.nano` is `42`). */
export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly ram: number;
  readonly vcpus: number;
  readonly disk: number;
  readonly ephemeral: number;
  readonly swap: number;
  readonly isPublic: boolean;
  readonly description: string | null;
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/** The flavors devstack creates, with nova's defaults for the fields devstack leaves alone. */
export const DEVSTACK_FLAVORS: readonly Flavor[] = Object.freeze(
  FLAVORS.map((seed) => Object.freeze({ ...seed, ephemeral: 0, swap: 0, isPublic: true, description: null, extraSpecs: Object.freeze({}) })),
);

export function findFlavor(id: string): Flavor | undefined {
  return DEVSTACK_FLAVORS.find((flavor) => flavor.id === id);
}

/** The placement resources one instance of `flavor` consumes. */
export function resourcesOf(flavor: Flavor): Record<string, number> {
  return { VCPU: flavor.vcpus, MEMORY_MB: flavor.ram, DISK_GB: flavor.disk + flavor.ephemeral };
}
