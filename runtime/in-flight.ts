// The invokes this process is running now (one in classic mode, up to AWS_LAMBDA_MAX_CONCURRENCY
// with Managed Instances), so a process-level fault can be reported against the one it came from.
import type { Invocation } from "./invocation.ts";
import { currentInvoke } from "./invoke-store.ts";

export class InFlight {
  readonly #byId = new Map<string, Invocation>();

  track(invocation: Invocation, running: boolean): void {
    if (running) this.#byId.set(invocation.requestId, invocation);
    else this.#byId.delete(invocation.requestId);
  }

  /**
   * The invoke a fault belongs to: the one whose async context it was raised in (AsyncLocalStorage
   * follows timers, promises and I/O callbacks), else the only one running, else none. `strict`:
   * a fault raised in an invoke that has ended belongs to none (not to whichever one runs now).
   */
  current(strict = false): Invocation | undefined {
    const requestId = currentInvoke()?.requestId;
    if (requestId !== undefined) {
      const owner = this.#byId.get(requestId);
      if (owner !== undefined || strict) return owner;
    }
    return this.#byId.size === 1 ? this.#byId.values().next().value : undefined;
  }

  get size(): number {
    return this.#byId.size;
  }
}
