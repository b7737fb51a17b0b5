#!/usr/bin/env node
// Runs cli/main.ts in this process through tsx's loader, so `npx hoptrace` works without a build
// step and signals reach the CLI directly.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
