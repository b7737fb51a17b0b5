/**
 * Ingest at a fixed offered rate: scripted boots, about `concurrent` in flight at a time with
 * their spans interleaved, handed to `Analyzer.ingest` in `batchSpans`-span batches on a timer,
 * one batch after another (each awaited: the next waits for the previous one's commit, as a
 * sender awaiting its acknowledgement would). When a batch takes longer than its slot the pacer
 * falls behind and the achieved rate is lower than the offered one: both are reported. Boots are
 * made as they are needed (a few per batch), so nothing is held in advance.
 */
import type { Span } from '../core/span.js';
import type { SpanConsumer } from '../core/consumer.js';
import { scriptBoot } from '../analyzer/testing/boot.js';
import { SpanFactory } from '../analyzer/testing/spans.js';
import { nowMs, percentiles } from './analyzer-stats.js';
import type { Percentiles } from './analyzer-stats.js';

export interface PacerOptions {
  readonly spansPerSecond: number;
  /** @default 512 */
  readonly batchSpans?: number;
  /** Boots in flight at once, their spans interleaved. @default 200 */
  readonly concurrent?: number;
  /** SpanFactory seed: ids must not collide with those already stored. @default 1000 */
  readonly seed?: number;
}

export interface PacerResult {
  readonly offeredSpansPerSecond: number;
  readonly achievedSpansPerSecond: number;
  readonly spans: number;
  readonly seconds: number;
  /** From handing a batch to ingest to its promise resolving (committed). */
  readonly consumeMs: Percentiles;
}

/** Round-robin over in-flight boots; a finished boot is replaced by a new one starting now. */
class InterleavedBoots {
  readonly #factory: SpanFactory;
  readonly #live: { spans: readonly Span[]; next: number }[] = [];
  #cursor = 0;

  constructor(factory: SpanFactory, concurrent: number) {
    this.#factory = factory;
    for (let i = 0; i < concurrent; i++) this.#live.push(this.#boot());
  }

  take(count: number): Span[] {
    const out: Span[] = [];
    while (out.length < count) {
      const i = this.#cursor++ % this.#live.length;
      let boot = this.#live[i]!;
      if (boot.next === boot.spans.length) boot = this.#live[i] = this.#boot();
      out.push(boot.spans[boot.next++]!);
    }
    return out;
  }

  #boot(): { spans: readonly Span[]; next: number } {
    return { spans: scriptBoot(this.#factory, Date.now() * 1000).spans, next: 0 };
  }
}

/** Starts pacing into `ingest`; `stop()` waits for the batch in hand and reports. */
export function paceIngest(ingest: SpanConsumer, options: PacerOptions): { stop(): Promise<PacerResult> } {
  const batchSpans = options.batchSpans ?? 512;
  const boots = new InterleavedBoots(new SpanFactory(options.seed ?? 1000), options.concurrent ?? 200);
  const consumeMs: number[] = [];
  let stopped = false;
  let sent = 0;
  const start = nowMs();
  const loop = (async (): Promise<number> => {
    while (!stopped) {
      const dueAtMs = ((sent + batchSpans) / options.spansPerSecond) * 1000;
      const waitMs = dueAtMs - (nowMs() - start);
      if (waitMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      const batch = boots.take(batchSpans);
      const t = nowMs();
      await ingest.consume(batch);
      consumeMs.push(nowMs() - t);
      sent += batch.length;
    }
    return nowMs();
  })().catch((error: unknown) => error instanceof Error ? error : new Error(String(error)));
  return {
    async stop() {
      stopped = true;
      const end = await loop;
      if (end instanceof Error) throw new Error(`ingest refused a paced batch: ${end.message}`, { cause: end });
      const seconds = (end - start) / 1000;
      return {
        offeredSpansPerSecond: options.spansPerSecond,
        achievedSpansPerSecond: Math.round(sent / seconds),
        spans: sent,
        seconds: Number(seconds.toFixed(3)),
        consumeMs: percentiles(consumeMs),
      };
    },
  };
}
