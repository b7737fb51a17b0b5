import { MemoryFlowStore } from './memory-store.js';
import { runFlowStoreConformance } from './conformance.js';

runFlowStoreConformance('MemoryFlowStore', () => new MemoryFlowStore());
