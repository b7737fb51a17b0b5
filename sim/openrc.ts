import { DEFAULT_DOMAIN, findUser, REGION } from './kit/devstack.js';

/** Whose credentials an openrc carries: a seed user, scoped to the project of the same name. */
export interface OpenrcOptions {
  /** `admin` or `demo`. @default 'admin' */
  readonly user?: string;
  /** @default the user's name (devstack: admin/admin, demo/demo) */
  readonly project?: string;
}

/**
 * The text of an openrc file in devstack's form: `export OS_…=…` lines that point the real
 * `openstack` and `nova` clients at the cloud. Throws for a user the seed does not have.
 */
export function openrcText(authUrl: string, options: OpenrcOptions = {}): string {
  const userName = options.user ?? 'admin';
  const user = findUser(userName);
  if (user === undefined) throw new Error(`openrc: no user named ${userName}; the cloud has admin and demo`);
  const lines: [string, string][] = [
    ['OS_AUTH_URL', authUrl],
    ['OS_AUTH_TYPE', 'password'],
    ['OS_USERNAME', user.name],
    ['OS_PASSWORD', user.password],
    ['OS_PROJECT_NAME', options.project ?? user.name],
    ['OS_USER_DOMAIN_ID', DEFAULT_DOMAIN.id],
    ['OS_USER_DOMAIN_NAME', DEFAULT_DOMAIN.name],
    ['OS_PROJECT_DOMAIN_ID', DEFAULT_DOMAIN.id],
    ['OS_PROJECT_DOMAIN_NAME', DEFAULT_DOMAIN.name],
    ['OS_REGION_NAME', REGION],
    ['OS_IDENTITY_API_VERSION', '3'],
    ['OS_INTERFACE', 'public'],
  ];
  return `# hoptrace simulated cloud: source this file, then run openstack or nova\n${lines.map(([key, value]) => `export ${key}=${value}`).join('\n')}\n`;
}

/** Parses `export KEY=VALUE` lines into an environment, e.g. for a child process. */
export function openrcEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export (OS_[A-Z_]+)=(.*)$/gm)) env[match[1]!] = match[2]!;
  return env;
}
