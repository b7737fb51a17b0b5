/**
 * The analyzer's store with every write thrown away: the embedded pipeline run against it
 * (`bench/pipeline.ts`, scenario `unstored`) measures receive → reconstruct alone, the most any
 * store could let that pipeline reach on this machine. A benchmark fixture, not a backend: its
 * reads answer as an empty store's do.
 */
import { MemoryFlowStore } from '../analyzer/store/memory-store.js';

export class DiscardingFlowStore extends MemoryFlowStore {
  override write(): void {}
}
