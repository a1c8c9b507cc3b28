// The Runtime API side of invoke dispatch: the runtime's parked /next calls (one in classic mode,
// up to N with Managed Instances), the invokes handed over and not yet settled, the ones waiting
// for a /next, and the request ids recently settled (a late result then gets 410 or 403).
import type { ServerResponse } from "node:http";
import type { ApiAnswer } from "./api-answer.ts";
import { functionArn } from "./function-spec.ts";
import type { InvokeRequest } from "./invoke-types.ts";
import type { Active } from "./sandbox-types.ts";

const RECENT_LIMIT = 64;

export class InvokeDispatch {
  readonly #concurrency: number;
  #parkedNext: ServerResponse[] = [];
  readonly #active = new Map<string, Active>();
  /** Handed to this environment but waiting for a /next, oldest first. */
  readonly #undelivered: Active[] = [];
  readonly #settled = new Map<string, "done" | "timeout">();

  constructor(concurrency: number) {
    this.#concurrency = concurrency;
  }

  /** GET /next: answered at once with a waiting invoke, else parked (`parked` is then told). */
  next(res: ServerResponse, parked: () => void): ApiAnswer | undefined {
    const waiting = this.#undelivered.shift();
    if (waiting !== undefined) {
      waiting.deliver(res);
      return undefined;
    }
    if (this.#concurrency === 1 && this.#active.size > 0) {
      return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "/next called before the current invoke was answered" } };
    }
    if (this.#parkedNext.length >= this.#concurrency) {
      return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: `more than ${this.#concurrency} /next calls at once` } };
    }
    this.#parkedNext.push(res);
    res.once("close", () => {
      const at = this.#parkedNext.indexOf(res);
      if (at >= 0) this.#parkedNext.splice(at, 1);
    });
    parked();
    return undefined;
  }

  /** Takes an invoke: delivered to a parked /next now, or to the next one that comes. */
  add(active: Active): void {
    this.#active.set(active.requestId, active);
    let parked = this.#parkedNext.shift();
    while (parked?.destroyed) parked = this.#parkedNext.shift();
    if (parked !== undefined) active.deliver(parked);
    else this.#undelivered.push(active);
  }

  /** The invoke has settled: results for it are refused from now on, as `how` says. */
  settled(active: Active, how: "done" | "timeout"): void {
    this.#active.delete(active.requestId);
    const waiting = this.#undelivered.indexOf(active);
    if (waiting >= 0) this.#undelivered.splice(waiting, 1);
    this.#settled.set(active.requestId, how);
    if (this.#settled.size > RECENT_LIMIT) this.#settled.delete(this.#settled.keys().next().value!);
  }

  /** The runtime is gone: its parked /next calls with it. */
  dropParked(): void {
    this.#parkedNext = [];
  }

  /** The invoke a result is for, or the Runtime API's refusal. */
  activeFor(requestId: string, headers: Record<string, string | string[] | undefined>): Active | ApiAnswer {
    const current = this.#active.get(requestId);
    if (current === undefined || !current.delivered) {
      const settled = this.#settled.get(requestId);
      if (settled === "timeout") return { status: 410, body: { errorType: "InvocationTimedOut", errorMessage: `invoke ${requestId} already timed out` } };
      if (settled === "done") return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: `invoke ${requestId} was already answered` } };
      return { status: 400, body: { errorType: "InvalidRequestID", errorMessage: `no invoke with id ${requestId}` } };
    }
    const echoed = headers["lambda-runtime-invocation-id"];
    if (echoed !== undefined && echoed !== current.invocationId) {
      return { status: 410, body: { errorType: "InvalidInvocationId", errorMessage: "Lambda-Runtime-Invocation-Id does not match the invoke" } };
    }
    return current;
  }
}

/** The /next answer that carries an invoke to the runtime. */
export function writeInvoke(res: ServerResponse, functionName: string, active: Pick<Active, "requestId" | "invocationId">, deadline: number, request: InvokeRequest): void {
  // Content-Length, as Lambda's Runtime API sends it: without it node:http frames the event in
  // chunks, which the runtime then has to take apart on the invoke's path.
  const headers: Record<string, string> = {
    "content-type": request.contentType ?? "application/json",
    "content-length": String(request.payload.length),
    "lambda-runtime-aws-request-id": active.requestId,
    "lambda-runtime-deadline-ms": String(deadline),
    "lambda-runtime-invoked-function-arn": functionArn(functionName),
    "lambda-runtime-invocation-id": active.invocationId,
  };
  if (request.traceId !== undefined) headers["lambda-runtime-trace-id"] = request.traceId;
  if (request.clientContext !== undefined) headers["lambda-runtime-client-context"] = request.clientContext;
  if (request.tenantId !== undefined) headers["lambda-runtime-aws-tenant-id"] = request.tenantId;
  res.writeHead(200, headers);
  res.end(request.payload);
}
