// Invokes from /next that the runtime cannot read, in a row. Each one is failed, but the loop
// backs off between them, logs a streak once with its length, and gives up after a bounded
// number so Lambda replaces the environment instead of watching a busy loop.
import type { Logger } from "./logging/logger.ts";
import { RuntimeApiFault } from "./routes.ts";

/** Malformed invokes in a row after which the runtime exits. */
export const MALFORMED_STREAK_LIMIT = 10;
const FIRST_DELAY_MS = 10;
const MAX_DELAY_MS = 1000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MalformedStreak {
  #count = 0;
  readonly #logger: Logger;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(logger: Logger, sleep: (ms: number) => Promise<void> = pause) {
    this.#logger = logger;
    this.#sleep = sleep;
  }

  /** True while a streak is running: its later members are not logged one by one. */
  get ongoing(): boolean {
    return this.#count > 0;
  }

  /** Counts one more, then waits (10 ms doubling to 1 s); throws RuntimeApiFault at the limit. */
  async record(): Promise<void> {
    this.#count++;
    if (this.#count >= MALFORMED_STREAK_LIMIT) {
      throw new RuntimeApiFault(`${this.#count} malformed invocations in a row from the Runtime API; exiting so Lambda replaces the environment`);
    }
    await this.#sleep(Math.min(FIRST_DELAY_MS * 2 ** (this.#count - 1), MAX_DELAY_MS));
  }

  /** A readable invoke ends the streak. */
  end(): void {
    if (this.#count > 1) this.#logger.error(`${this.#count} malformed invocations in a row from the Runtime API (only the first was logged)`);
    this.#count = 0;
  }
}
