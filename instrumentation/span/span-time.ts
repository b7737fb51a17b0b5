import type { HrTime, TimeInput } from '@opentelemetry/api';
import { addHrTimes, hrTime, isTimeInputHrTime, millisToHrTime } from '@opentelemetry/core';

/**
 * Span times as the SDK's own Span computes them, split in two: what a span reads on the request
 * path (`performance.now()` at start and end, `Date.now()` once: plain numbers) and the HrTime
 * conversion (`startTimeOf` / `endTimeOf`), done when an exporter first reads the span.
 *
 * A span's clock is two numbers kept on the span: `startPerf`, its start on the monotonic clock
 * (`performance.now()`, ms), and `offset`, which maps that clock to the wall clock (the SDK's
 * `_performanceOffset`). The SDK re-anchors every span with `Date.now()`, which truncates to the
 * millisecond, so its starts move by up to a millisecond from span to span and a child can seem
 * to start before its parent. Here the offset starts at zero (`performance.timeOrigin` is the wall
 * clock at the process's start, to the microsecond) and is checked against `Date.now()` at most
 * every ANCHOR_MS; it moves only when the two disagree by more than `Date.now()`'s own
 * millisecond (drift, a clock step, a suspended process). Spans of one process therefore share
 * one microsecond clock. The end is the start plus the monotonic duration, so a duration is
 * never negative.
 */

/** How often the offset is checked against the wall clock, ms of monotonic time. */
const ANCHOR_MS = 1000;
const TIME_ORIGIN = performance.timeOrigin;
let checkedAt = -Infinity;
let anchor = 0;

/** `offset` for a span starting at `startPerf`: wall clock minus `perf + performance.timeOrigin`, ms. */
export function wallOffset(startPerf: number): number {
  if (startPerf - checkedAt > ANCHOR_MS || startPerf < checkedAt) {
    checkedAt = startPerf;
    const measured = Date.now() - (startPerf + TIME_ORIGIN);
    if (Math.abs(measured - anchor) > 1) anchor = measured;
  }
  return anchor;
}

/** The SDK's start time (wall clock, HrTime). */
export function startTimeOf(startPerf: number, offset: number): HrTime {
  return hrTime(startPerf + offset);
}

/** The SDK's end time for a span that started at `start` (`startPerf`) and ended at `endPerf`. */
export function endTimeOf(start: HrTime, startPerf: number, endPerf: number): HrTime {
  return addHrTimes(start, millisToHrTime(Math.max(0, endPerf - startPerf)));
}

/**
 * A time given explicitly (`span.end(time)`, `addEvent(name, time)`), read as the SDK's Span
 * reads it: a number at most `performance.now()` is a monotonic reading, a larger one epoch
 * milliseconds; a Date, or an HrTime as is; no time at all means now.
 */
export function explicitTime(offset: number, input: TimeInput | undefined): HrTime {
  if (typeof input === 'number') return input <= performance.now() ? hrTime(input + offset) : millisToHrTime(input);
  if (input instanceof Date) return millisToHrTime(input.getTime());
  if (isTimeInputHrTime(input)) return input;
  return hrTime(performance.now() + offset);
}
