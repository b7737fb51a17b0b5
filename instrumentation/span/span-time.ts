import type { HrTime, TimeInput } from '@opentelemetry/api';
import { addHrTimes, hrTime, isTimeInputHrTime, millisToHrTime } from '@opentelemetry/core';

/**
 * Span times as the SDK's own Span computes them, split in two: what a span reads on the request
 * path (`performance.now()` at start and end, `Date.now()` once: plain numbers) and the HrTime
 * conversion (`startTimeOf` / `endTimeOf`), done when an exporter first reads the span.
 *
 * A span's clock is two numbers kept on the span: `startPerf`, its start on the monotonic clock
 * (`performance.now()`, ms), and `offset`, which maps that clock to the wall clock (the SDK's
 * `_performanceOffset`: the monotonic clock may drift from the wall clock in a long-lived
 * process, so the SDK anchors every span afresh with `Date.now()`). Here the anchor is re-read
 * at most every ANCHOR_MS of monotonic time; drift over that long is far below `Date.now()`'s
 * own millisecond resolution, which bounds the SDK's anchor too. The end is the start plus the
 * monotonic duration, so a duration is never negative.
 */

/** How long an anchor of the monotonic clock to the wall clock is reused, ms. */
const ANCHOR_MS = 1000;
const TIME_ORIGIN = performance.timeOrigin;
let anchoredAt = -Infinity;
let anchor = 0;

/** `offset` for a span starting at `startPerf`: `Date.now() - (perf + performance.timeOrigin)` at the latest anchor, ms. */
export function wallOffset(startPerf: number): number {
  if (startPerf - anchoredAt > ANCHOR_MS || startPerf < anchoredAt) {
    anchoredAt = startPerf;
    anchor = Date.now() - (startPerf + TIME_ORIGIN);
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
