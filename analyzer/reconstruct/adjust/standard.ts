/**
 * The fixed order of repairs, and why:
 * 1. dedupe first, so no later step sees a span twice;
 * 2. rejoin lost trace context before orphans, so a callee that can be paired with its caller by
 *    request id is not mistaken for an orphan;
 * 3. attach the remaining orphans to the root, so every span has a parent in the flow;
 * 4. correct clock skew on the now-complete tree (it needs parents; it skips attached orphans);
 * 5. order last, since skew correction moves start times.
 */
import type { Adjuster } from './adjuster.js';
import { attachOrphans } from './orphans.js';
import { correctClockSkew } from './clock-skew.js';
import { dedupeSpans } from './dedupe.js';
import { orderSpans } from './order.js';
import { rejoinLostContext } from './rejoin.js';

export const STANDARD_ADJUSTERS: readonly Adjuster[] = [dedupeSpans, rejoinLostContext, attachOrphans, correctClockSkew, orderSpans];
