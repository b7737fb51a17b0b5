import { randomBytes } from 'node:crypto';
import type { SeedProject, SeedUser } from '../kit/devstack.js';
import { newToken } from '../kit/environment.js';

/** An issued token: who holds it, for which project (null = unscoped), until when. */
export interface IssuedToken {
  readonly id: string;
  readonly user: SeedUser;
  readonly project: SeedProject | null;
  readonly roles: readonly string[];
  readonly methods: readonly string[];
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly auditId: string;
}

export interface TokenStoreOptions {
  /** Token lifetime in ms (keystone `[token] expiration`). @default 3600000 */
  readonly lifetimeMs?: number;
  /** Most tokens kept; the oldest are forgotten first. @default 10000 */
  readonly maxTokens?: number;
  readonly now?: () => number;
}

/** keystone's issued tokens, in memory. `get` answers undefined for unknown, expired or revoked tokens. */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #lifetimeMs: number;
  readonly #maxTokens: number;
  readonly #now: () => number;

  constructor(options: TokenStoreOptions = {}) {
    this.#lifetimeMs = options.lifetimeMs ?? 3_600_000;
    this.#maxTokens = options.maxTokens ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Issues a token; `id` pins its value (the services' pre-issued token), otherwise a fresh one. */
  issue(user: SeedUser, project: SeedProject | null, methods: readonly string[], id: string = newToken(), lifetimeMs = this.#lifetimeMs): IssuedToken {
    const now = this.#now();
    const roles = project === null ? [] : [...(user.roles[project.name] ?? [])];
    const token: IssuedToken = { id, user, project, roles, methods, issuedAt: new Date(now), expiresAt: new Date(now + lifetimeMs), auditId: randomBytes(16).toString('base64url').slice(0, 22) };
    if (this.#tokens.size >= this.#maxTokens) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#tokens.set(id, token);
    return token;
  }

  get(id: string): IssuedToken | undefined {
    const token = this.#tokens.get(id);
    if (token === undefined) return undefined;
    if (token.expiresAt.getTime() <= this.#now()) {
      this.#tokens.delete(id);
      return undefined;
    }
    return token;
  }

  /** Revokes; answers whether the token was valid. */
  revoke(id: string): boolean {
    return this.get(id) !== undefined && this.#tokens.delete(id);
  }
}
