#!/usr/bin/env node
// Runs cli/main.ts through tsx, so `npx hoptrace` works without a build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsxCli, join(root, 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? (result.signal ? 130 : 1));
