import { createHash } from 'node:crypto';

/** A UUID-shaped id that is the same on every run for the same seed (default security groups). */
export function stableUuid(seed: string): string {
  const hex = createHash('md5').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
