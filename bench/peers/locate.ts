/**
 * Finds a peer binary through its build script (bench/peers/<name>.sh): `path` only reports a
 * binary already in the cache; `build` builds it first when missing. Either way the answer is the
 * binary's path or the reason there is none, to print as "skipped: <why>", never faked.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Located = { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly reason: string };

export async function locatePeer(script: 'jaeger' | 'otelcol', mode: 'path' | 'build'): Promise<Located> {
  const path = join(import.meta.dirname, `${script}.sh`);
  try {
    const { stdout } = await run('bash', [path, mode], { timeout: 60 * 60_000, maxBuffer: 1 << 20 });
    const binary = stdout.trim().split('\n').at(-1) ?? '';
    return binary === '' ? { ok: false, reason: `bench/peers/${script}.sh ${mode} printed no path` } : { ok: true, binary };
  } catch (error) {
    const stderr = ((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    const why = mode === 'path' ? `not built; run \`bench/peers/${script}.sh build\`` : `\`bench/peers/${script}.sh build\` failed`;
    return { ok: false, reason: stderr === '' ? why : `${why}: ${stderr}` };
  }
}
