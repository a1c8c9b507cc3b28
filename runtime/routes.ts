// The Runtime API, one method per route (PROTOCOL §1), with the retry rules: a request is sent
// again only when it cannot have reached Lambda, so no invoke is ever reported twice.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type { ErrorResponse } from "./errors.ts";
import { ErrorTypeHeader, InvocationIdHeader, InvokeHeader } from "./headers.ts";
import { TransportError, type HeaderValue, type StreamingRequest, type Transport, type TransportRequest, type TransportResponse } from "./transport/transport.ts";

const BASE = "/2018-06-01/runtime";
const RETRY_DELAYS_MS = [20, 100, 500];
/** A result POST that stalls this long is abandoned; Lambda times the invoke out on its side. */
const POST_IDLE_TIMEOUT_MS = 60_000;
const USER_AGENT = "tslambda/0.1.0";
/** Sent once per invoke, always the same: frozen, so the transport encodes it once. */
const NEXT_REQUEST: TransportRequest = Object.freeze({ method: "GET", path: `${BASE}/invocation/next`, headers: Object.freeze({ "user-agent": USER_AGENT }) });

export type PostOutcome =
  | { kind: "accepted" }
  /** 410: the invoke already timed out; its result is stale. */
  | { kind: "stale" }
  | { kind: "rejected"; status: number; detail: string }
  | { kind: "unreachable"; error: TransportError };

/** The Runtime API cannot be used any more; the process should exit so Lambda restarts it. */
export class RuntimeApiFault extends Error {
  override readonly name = "Runtime.ApiFault";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RuntimeApi {
  readonly #transport: Transport;
  readonly #onRetry: (what: string, error: TransportError) => void;

  readonly #onLostEvent: (requestId: string, error: TransportError) => void;

  constructor(
    transport: Transport,
    onRetry: (what: string, error: TransportError) => void = () => {},
    onLostEvent: (requestId: string, error: TransportError) => void = () => {},
  ) {
    this.#transport = transport;
    this.#onRetry = onRetry;
    this.#onLostEvent = onLostEvent;
  }

  // GET /2018-06-01/runtime/invocation/next — long poll, no client timeout. Retried on any
  // network error: getting the next event is idempotent from the runtime's side. The first try
  // is a plain promise chain: it runs once per invoke.
  next(): Promise<TransportResponse> {
    return this.#transport.send(NEXT_REQUEST).then(acceptNext, this.#nextFailed);
  }

  readonly #nextFailed = (error: unknown) => this.#retryNext(error);

  async #retryNext(firstError: unknown): Promise<TransportResponse> {
    let error = firstError;
    for (let attempt = 0; ; attempt++) {
      if (!(error instanceof TransportError)) throw error;
      // An event cut mid-body is lost: Lambda times that invoke out. Say so under its id.
      const lost = single(error.responseHeaders?.[InvokeHeader.requestId]);
      if (lost !== undefined) this.#onLostEvent(lost, error);
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw new RuntimeApiFault(`GET /next failed ${attempt + 1} times, last: ${error.message}`, { cause: error });
      this.#onRetry("GET /next", error);
      await sleep(delay);
      try {
        return acceptNext(await this.#transport.send(NEXT_REQUEST));
      } catch (next) {
        error = next;
      }
    }
  }

  // POST /2018-06-01/runtime/invocation/{id}/response
  respond(requestId: string, body: Uint8Array | string, contentType: string, invocationId: string | undefined): Promise<PostOutcome> {
    const headers: Record<string, string> = { "content-type": contentType, "user-agent": USER_AGENT };
    if (invocationId !== undefined) headers[InvocationIdHeader] = invocationId;
    return this.#post(`${BASE}/invocation/${encodeURIComponent(requestId)}/response`, headers, body);
  }

  // POST /2018-06-01/runtime/invocation/{id}/response, streamed: chunked body, response mode
  // header, error trailers declared up front (PROTOCOL §2.1). Never retried: bytes went out.
  openStreamingResponse(requestId: string, contentType: string, invocationId: string | undefined): { request: StreamingRequest; outcome: Promise<PostOutcome> } {
    if (this.#transport.openStream === undefined) throw new Error("response streaming needs the node:http transport");
    const headers: Record<string, string> = {
      "content-type": contentType,
      "user-agent": USER_AGENT,
      "lambda-runtime-function-response-mode": "streaming",
      "transfer-encoding": "chunked",
      trailer: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body",
    };
    if (invocationId !== undefined) headers[InvocationIdHeader] = invocationId;
    const request = this.#transport.openStream(`${BASE}/invocation/${encodeURIComponent(requestId)}/response`, headers);
    const outcome = request.response.then(
      (response): PostOutcome => interpret(response),
      (error: unknown): PostOutcome => {
        if (error instanceof TransportError) return { kind: "unreachable", error };
        throw error;
      },
    );
    return { request, outcome };
  }

  // POST /2018-06-01/runtime/invocation/{id}/error
  fail(requestId: string, error: ErrorResponse, invocationId: string | undefined): Promise<PostOutcome> {
    const headers = errorHeaders(error);
    if (invocationId !== undefined) headers[InvocationIdHeader] = invocationId;
    return this.#post(`${BASE}/invocation/${encodeURIComponent(requestId)}/error`, headers, JSON.stringify(error));
  }

  // POST /2018-06-01/runtime/init/error
  initError(error: ErrorResponse): Promise<PostOutcome> {
    return this.#post(`${BASE}/init/error`, errorHeaders(error), JSON.stringify(error));
  }

  // GET /2018-06-01/runtime/restore/next — SnapStart: answers once the environment is restored
  // from the snapshot (the runtime is frozen in between). Sent once: a retry could cross the snapshot.
  async restoreNext(): Promise<void> {
    let response: TransportResponse;
    try {
      response = await this.#transport.send({ method: "GET", path: `${BASE}/restore/next`, headers: { "user-agent": USER_AGENT } });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      throw new RuntimeApiFault(`GET /restore/next failed: ${error.message}`, { cause: error });
    }
    if (response.status < 200 || response.status > 299) throw new RuntimeApiFault(`GET /restore/next answered ${response.status}: ${detail(response)}`);
  }

  // POST /2018-06-01/runtime/restore/error
  restoreError(error: ErrorResponse): Promise<PostOutcome> {
    return this.#post(`${BASE}/restore/error`, errorHeaders(error), JSON.stringify(error));
  }

  /** Drops the kept-alive connection; the next request opens a new one (after a restore). */
  reconnect(): void {
    this.#transport.reset?.();
  }

  close(): void {
    this.#transport.close();
  }

  #post(path: string, headers: Record<string, string>, body: Uint8Array | string): Promise<PostOutcome> {
    const request: TransportRequest = { method: "POST", path, headers, body, idleTimeoutMs: POST_IDLE_TIMEOUT_MS };
    return this.#transport.send(request).then(interpret, (error: unknown) => this.#retryPost(request, error));
  }

  async #retryPost(request: TransportRequest, firstError: unknown): Promise<PostOutcome> {
    let error = firstError;
    for (let attempt = 0; ; attempt++) {
      if (!(error instanceof TransportError)) throw error;
      const delay = RETRY_DELAYS_MS[attempt];
      // Only a request that never left may be sent again; anything else could report twice.
      if (!error.notSent || delay === undefined) return { kind: "unreachable", error };
      this.#onRetry(`POST ${request.path}`, error);
      await sleep(delay);
      try {
        return interpret(await this.#transport.send(request));
      } catch (next) {
        error = next;
      }
    }
  }
}

/** 200 is an invoke; 5xx means the container is broken, 4xx that runtime and Lambda disagree on state: Lambda expects the runtime to exit in both cases. */
const acceptNext = (function acceptNext(response: TransportResponse): TransportResponse {
  if (response.status === 200) return response;
  throw new RuntimeApiFault(`GET /next answered ${response.status}: ${detail(response)}`);
});

const interpret = (function interpret(response: TransportResponse): PostOutcome {
  if (response.status === 202 || response.status === 200) return { kind: "accepted" };
  if (response.status === 410) return { kind: "stale" };
  return { kind: "rejected", status: response.status, detail: detail(response) };
});

function errorHeaders(error: ErrorResponse): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    // Header values must be visible ASCII; an odd error name must not break the report.
    [ErrorTypeHeader]: error.errorType.replace(/[^\x20-\x7e]/g, "?").slice(0, 256) || "Error",
  };
}

function single(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function detail(response: TransportResponse): string {
  const text = response.body.toString("utf8").slice(0, 500);
  return text || "(empty body)";
}
