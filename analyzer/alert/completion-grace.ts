/**
 * Completed flows waiting out the completion grace before their missing hops are judged. Each
 * keeps the version it completed with. An event naming it since, by id or alias (a late span
 * re-opened it, or another flow absorbed it), marks that version stale; only then does the
 * judgement need the flow as the analyzer has it now. Most flows hear nothing after they
 * complete, so most judgements need no read of the store.
 */
import type { Flow } from '../../core/flow.js';

interface Waiting {
  readonly flow: Flow;
  readonly timer: NodeJS.Timeout;
  stale: boolean;
}

/** Called when a flow's grace is over: `flow` is the version it completed with, `stale` when an event named it since. */
export type GraceOver = (flow: Flow, stale: boolean) => void;

export class CompletionGrace {
  readonly #graceMs: number;
  readonly #over: GraceOver;
  readonly #waiting = new Map<string, Waiting>();

  constructor(graceMs: number, over: GraceOver) {
    this.#graceMs = graceMs;
    this.#over = over;
  }

  /** An event about `flow`: a waiting version it names that is not `flow` itself is stale. */
  saw(flow: Flow): void {
    this.#markStale(flow.id, flow);
    for (const alias of flow.aliases) this.#markStale(alias, flow);
  }

  /** `flow` completed: its grace starts now, ending any wait for an earlier version of it. */
  wait(flow: Flow): void {
    clearTimeout(this.#waiting.get(flow.id)?.timer);
    const timer = setTimeout(() => {
      const waiting = this.#waiting.get(flow.id);
      this.#waiting.delete(flow.id);
      if (waiting !== undefined) this.#over(waiting.flow, waiting.stale);
    }, this.#graceMs);
    timer.unref();
    this.#waiting.set(flow.id, { flow, timer, stale: false });
  }

  /** Forgets every wait; no grace ends after this. */
  clear(): void {
    for (const waiting of this.#waiting.values()) clearTimeout(waiting.timer);
    this.#waiting.clear();
  }

  #markStale(id: string, flow: Flow): void {
    const waiting = this.#waiting.get(id);
    if (waiting !== undefined && waiting.flow !== flow) waiting.stale = true;
  }
}
