// The store writer thread's entry point. Plain JavaScript, started without the host's preloads
// (execArgv: []): it registers the TypeScript loader for this thread itself, then loads the writer.
import { register } from 'tsx/esm/api';

register();
await import('./store-worker.ts');
