// One invoke in flight: whichever of the handler's result and a process-level fault comes first
// reports it, and only once.
import { toErrorResponse, type ErrorResponse } from "./errors.ts";
import type { PostOutcome, RuntimeApi } from "./routes.ts";
import type { Logger } from "./logging/logger.ts";
import type { EncodedResult } from "./payload.ts";
import type { ResponseStream } from "./streaming/response-stream.ts";

const DONE = Promise.resolve();

export class Invocation {
  readonly requestId: string;
  readonly invocationId: string | undefined;
  #reported = false;
  readonly #api: RuntimeApi;
  readonly #logger: Logger;

  constructor(requestId: string, invocationId: string | undefined, api: RuntimeApi, logger: Logger) {
    this.requestId = requestId;
    this.invocationId = invocationId;
    this.#api = api;
    this.#logger = logger;
  }

  /** A streamed response, once its first byte may be out: errors must then go in its trailers. */
  #stream: ResponseStream | undefined;

  attachStream(stream: ResponseStream): void {
    this.#stream = stream;
  }

  get reported(): boolean {
    return this.#reported;
  }

  succeed(result: EncodedResult): Promise<void> {
    if (!this.#claim()) return DONE;
    return this.#api.respond(this.requestId, result.body, result.contentType, this.invocationId).then((outcome) => this.#check("response", outcome));
  }

  /** Reports a streamed response that ended cleanly. */
  async succeedStream(stream: ResponseStream): Promise<void> {
    if (this.#claim()) this.#check("streamed response", await stream.outcome());
  }

  /**
   * Logs the error with the request id (unless `logAs` is null) and reports it as this invoke's error: on /error, or in
   * the trailers of a response stream that has already started.
   */
  async fail(thrown: unknown, logAs: string | null = "Invoke Error"): Promise<void> {
    if (!this.#claim()) return;
    const shaped: ErrorResponse = toErrorResponse(thrown);
    if (logAs !== null) this.#logger.logError(logAs, thrown);
    const stream = this.#stream;
    if (stream?.opened) this.#check("streamed response", await stream.failWith(shaped));
    else this.#check("error", await this.#api.fail(this.requestId, shaped, this.invocationId));
  }

  #claim(): boolean {
    if (this.#reported) return false;
    this.#reported = true;
    return true;
  }

  #check(route: string, outcome: PostOutcome): void {
    switch (outcome.kind) {
      case "accepted":
        return;
      case "stale":
        this.#logger.warn(`Runtime API answered 410 Gone to the ${route} of invoke ${this.requestId}: it already timed out; result dropped`);
        return;
      case "rejected":
        this.#logger.error(`Runtime API rejected the ${route} of invoke ${this.requestId} with ${outcome.status}: ${outcome.detail}`);
        return;
      case "unreachable":
        this.#logger.error(`Runtime API unreachable while sending the ${route} of invoke ${this.requestId}: ${outcome.error.message}`);
        return;
    }
  }
}
