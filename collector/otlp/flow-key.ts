import type { Attributes } from '../../core/span.js';

/**
 * How a decoder sets each span's flowKey while it builds the span (so that no later stage has to
 * copy every span to add it). The collector passes the normaliser's flowKeyOf.
 */
export type FlowKeyOf = (attributes: Attributes, traceId: string) => string;

/** Leaves flowKey '' (to be derived later). */
export const NO_FLOW_KEY: FlowKeyOf = () => '';
