// One execution environment, as Lambda runs it: starts the bootstrap on the first invoke, hands
// it one invoke at a time through the Runtime API, enforces the timeout and the response limit,
// and resets (kills, then re-inits on the next invoke) after a crash, timeout or init failure.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { ApiAnswer } from "./api-answer.ts";
import { ExtensionHost } from "./extension-host.ts";
import { functionArn, functionEnv, maxConcurrencyOf, versionOf, type FunctionSpec } from "./function-spec.ts";
import { errorBody, type InvokeRequest, type InvokeResult } from "./invoke-types.ts";
import { LogTail } from "./log-tail.ts";
import { endLine, reportLine, startLine } from "./report.ts";
import type { ResponseSink } from "./response-sink.ts";
import { asErrorJson, errorTypeOf } from "./runtime-answers.ts";
import { describeExit, RuntimeProcess } from "./runtime-process.ts";
import { acceptResult, acceptStreamedResult, ACCEPTED } from "./runtime-results.ts";
import { isoAt, round, traced, type Active, type Delivery, type InitOutcome, type Outcome } from "./sandbox-types.ts";
import { TelemetryHub } from "./telemetry-hub.ts";

/** Lambda's shutdown budget with external extensions, and the runtime's share of it. */
const SHUTDOWN_BUDGET_MS = 2000;
const RUNTIME_SHUTDOWN_SHARE_MS = 300;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
const RECENT_LIMIT = 64;
const OUTPUT_QUIET_MS = 50;
const OUTPUT_WAIT_MS = 1000;

export class Sandbox {
  readonly #spec: FunctionSpec;
  readonly #print: (line: string) => void;
  /** The log of the invoke running now, when its caller asked for it (LogType: Tail). */
  #tail: LogTail | undefined;
  /** When the runtime last printed a line (performance.now()). */
  #lastOutputAt = 0;
  #runtimeApi = "";
  #process: RuntimeProcess | undefined;
  /** The runtime's /next calls waiting for an invoke (one in classic mode, up to N with Managed Instances). */
  #parkedNext: ServerResponse[] = [];
  #onReady: (() => void) | undefined;
  #onInitError: ((body: Buffer) => void) | undefined;
  /** Invokes handed to this environment and not yet settled, by request id. */
  readonly #active = new Map<string, Active>();
  /** Of those, the ones waiting for a /next, oldest first. */
  readonly #undelivered: Active[] = [];
  /** The init under way, shared by the invokes that arrive during it. */
  #initializing: Promise<InitOutcome> | undefined;
  /** Invokes that run at once: above 1, a Lambda Managed Instances environment. */
  readonly concurrency: number;
  /** Managed Instances: invokes in flight, each until its tail (REPORT, extensions) ends. */
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Request ids already settled, and whether they timed out (a late result then gets 410). */
  readonly #settled = new Map<string, "done" | "timeout">();
  #queue: Promise<unknown> = Promise.resolve();

  readonly #host: ExtensionHost;
  readonly #telemetry = new TelemetryHub();

  constructor(spec: FunctionSpec, print: (line: string) => void) {
    this.#spec = spec;
    this.concurrency = maxConcurrencyOf(spec);
    this.#print = (line) => {
      this.#tail?.add(line);
      print(line);
    };
    this.#host = new ExtensionHost(this.#print, () => ({ functionName: spec.name, functionVersion: versionOf(spec) }));
    const jsonLogs = ((spec.env?.["AWS_LAMBDA_LOG_FORMAT"] ?? process.env["AWS_LAMBDA_LOG_FORMAT"]) ?? "").toLowerCase() === "json";
    this.#host.onOutput = (_name, line) => this.#telemetry.log("extension", line, jsonLogs);
    this.#host.onRegistered = (name, events) => this.#telemetry.platform("platform.extension", { name, state: "Ready", events });
    if (this.concurrency > 1) {
      this.#host.managedInstances = true;
      this.#telemetry.requiredSchema = "2025-01-29";
    }
  }

  /** Managed Instances initialise eagerly, before any invoke; a failure is retried by the first invoke. */
  prewarm(): void {
    if (this.concurrency > 1) void this.#ensureInit(Date.now() + this.#spec.timeoutSeconds * 1000);
  }

  /** The Runtime API's host:port, known once its server listens. */
  set runtimeApi(hostPort: string) {
    this.#runtimeApi = hostPort;
  }

  /**
   * Invokes run one at a time, like one Lambda execution environment. With LogType Tail the
   * answer waits for the invoke's REPORT line, which its log ends with.
   */
  invoke(request: InvokeRequest, sink?: ResponseSink): Promise<InvokeResult> {
    if (this.concurrency > 1) return this.#invokeConcurrently(request, sink);
    const run = this.#queue.then(() => {
      // A caller that left while its invoke waited: Lambda never had it, so it never runs.
      if (request.signal?.aborted) {
        this.#print("tslambda emulator: a waiting invoke's caller went away; it was not run");
        return { result: { kind: "cancelled" as const, requestId: "" }, tail: Promise.resolve(), log: undefined };
      }
      return this.#run(request, sink);
    });
    // The caller has its answer when the runtime gives it; the next invoke also waits for the
    // extensions to finish theirs (Lambda's post-runtime phase).
    this.#queue = run.then((r) => r.tail).catch(() => {});
    if (request.logType !== "Tail") return run.then((r) => r.result);
    return run.then(async ({ result, tail, log }) => {
      await tail;
      return result.kind === "cancelled" || log === undefined ? result : { ...result, logResult: log.encode() };
    });
  }

  /**
   * Managed Instances: the invoke runs beside the others in flight (the caller limits how many);
   * Tail logs are not kept, as the invokes' lines interleave.
   */
  #invokeConcurrently(request: InvokeRequest, sink: ResponseSink | undefined): Promise<InvokeResult> {
    const run = this.#run(request, sink);
    const tail = run.then((r) => r.tail).catch(() => {});
    this.#inFlight.add(tail);
    void tail.finally(() => this.#inFlight.delete(tail));
    return run.then((r) => r.result);
  }

  /** Resolves when every invoke handed to this environment so far has ended, extensions included. */
  get drained(): Promise<unknown> {
    return Promise.all([this.#queue, ...this.#inFlight]);
  }

  /** Container stop: SHUTDOWN (spindown) to extensions, then everything ends. */
  async shutdown(): Promise<void> {
    await this.drained;
    await this.#reset("spindown");
  }

  get extensions(): ExtensionHost {
    return this.#host;
  }

  get telemetry(): TelemetryHub {
    return this.#telemetry;
  }

  // --- Runtime API side -------------------------------------------------------------------

  /** GET /next: answered at once with a waiting invoke, or parked until one comes. */
  next(res: ServerResponse): ApiAnswer | undefined {
    const waiting = this.#undelivered.shift();
    if (waiting !== undefined) {
      waiting.deliver(res);
      return undefined;
    }
    if (this.concurrency === 1 && this.#active.size > 0) {
      return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "/next called before the current invoke was answered" } };
    }
    if (this.#parkedNext.length >= this.concurrency) {
      return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: `more than ${this.concurrency} /next calls at once` } };
    }
    this.#parkedNext.push(res);
    res.once("close", () => {
      const at = this.#parkedNext.indexOf(res);
      if (at >= 0) this.#parkedNext.splice(at, 1);
    });
    this.#onReady?.();
    return undefined;
  }

  /** The invoke a result is for, or the Runtime API's refusal. */
  #activeFor(requestId: string, headers: Record<string, string | string[] | undefined>): Active | ApiAnswer {
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

  result(requestId: string, kind: "response" | "error", body: Buffer, headers: Record<string, string | string[] | undefined>): ApiAnswer {
    const current = this.#activeFor(requestId, headers);
    return "settle" in current ? acceptResult(current, kind, body, headers) : current;
  }

  /** A streamed /response (PROTOCOL §2.1), read no faster than the caller takes it. */
  async streamedResult(requestId: string, req: IncomingMessage): Promise<ApiAnswer> {
    const current = this.#activeFor(requestId, req.headers);
    return "settle" in current ? acceptStreamedResult(current, req) : current;
  }

  initError(body: Buffer, headers: Record<string, string | string[] | undefined>): ApiAnswer {
    if (this.#onInitError === undefined) {
      return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "init/error outside init" } };
    }
    this.#onInitError(asErrorJson(body, headers["lambda-runtime-function-error-type"]));
    return ACCEPTED;
  }

  // --- Invoke side ------------------------------------------------------------------------

  async #run(request: InvokeRequest, sink: ResponseSink | undefined): Promise<{ result: InvokeResult; tail: Promise<void>; log: LogTail | undefined }> {
    const requestId = randomUUID();
    const log = request.logType === "Tail" && this.concurrency === 1 ? new LogTail() : undefined;
    this.#tail = log;
    this.#print(startLine(requestId, versionOf(this.#spec)));
    const deadline = Date.now() + this.#spec.timeoutSeconds * 1000;

    let initDurationMs: number | undefined;
    let outcome: Outcome;
    let durationMs = 0;
    let delivery: Delivery | undefined;
    for (;;) {
      if (this.#process === undefined || !this.#process.running || this.#initializing !== undefined) {
        const initStart = performance.now();
        const init = await this.#ensureInit(deadline);
        initDurationMs = (initDurationMs ?? 0) + (performance.now() - initStart);
        if (init.kind !== "ready") {
          const result = this.#failure(requestId, init);
          this.#finish(requestId, 0, initDurationMs);
          await this.#reset("failure");
          return { result, tail: Promise.resolve(), log };
        }
      }
      delivery = await this.#deliverAndWait(requestId, deadline, request, sink);
      outcome = delivery.outcome;
      durationMs = delivery.durationMs;
      // A process that exits before taking the invoke (it was dying after the previous one)
      // is not this invoke's failure: start a new one and deliver there, as Lambda would.
      if (outcome.kind === "exit" && !delivery.delivered) continue;
      break;
    }
    this.#remember(requestId, outcome.kind === "timeout" ? "timeout" : "done");
    const status = outcome.kind === "response" ? "success" : outcome.kind === "error" ? "error" : outcome.kind === "timeout" ? "timeout" : "failure";
    const errorType = outcome.kind === "error" ? errorTypeOf(outcome.body) : outcome.kind === "timeout" ? "Sandbox.Timedout" : outcome.kind === "exit" ? "Runtime.ExitError" : undefined;
    const d = delivery!;
    this.#telemetry.platform("platform.runtimeDone", {
      requestId,
      status,
      ...(errorType ? { errorType } : {}),
      metrics: { durationMs: round(d.durationMs), producedBytes: d.bytes },
      spans: [
        { name: "responseLatency", start: isoAt(d.startedAt), durationMs: round(d.firstByteAt - d.startedAt) },
        { name: "responseDuration", start: isoAt(d.firstByteAt), durationMs: round(d.endedAt - d.firstByteAt) },
      ],
      ...traced(request),
    });

    let result: InvokeResult;
    if (outcome.kind === "response") {
      result = { kind: "success", requestId, body: outcome.body, contentType: outcome.contentType, streamed: outcome.streamed };
    } else if (outcome.kind === "error") {
      result = { kind: "function-error", requestId, body: outcome.body, streamed: outcome.streamed };
    } else {
      result = this.#failure(requestId, outcome);
    }
    const started = performance.now() - durationMs;
    const proc = this.#process;
    const tail = (async () => {
      // Managed Instances log a timeout but do not enforce it: the runtime keeps running.
      let reset: string | undefined = outcome.kind === "timeout" && this.concurrency === 1 ? "timeout" : outcome.kind === "exit" ? "failure" : undefined;
      if (reset === undefined && this.#host.count > 0) {
        // The invoke ends when every INVOKE subscriber has called /next again, within the deadline.
        const idle = await Promise.race([this.#host.allIdle().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
        if (!idle) {
          this.#print(`${new Date().toISOString()} ${requestId} Task timed out after ${this.#spec.timeoutSeconds.toFixed(2)} seconds (extensions did not finish)`);
          reset = "timeout";
        } else if (this.#host.failure) {
          this.#print(`RequestId: ${requestId} Error: ${this.#host.failure.errorMessage}\n${this.#host.failure.errorType}`);
          reset = "failure";
        }
      }
      // Output the runtime wrote just before it answered is read in this same turn of the event
      // loop: let it land before END. A runtime that logged a lot may still be flushing its
      // queued writes after it answered; a Tail waits for its output to go quiet (briefly).
      await new Promise((resolve) => setImmediate(resolve));
      if (log !== undefined) await this.#outputQuiet();
      const total = performance.now() - started;
      this.#finish(requestId, total, initDurationMs);
      this.#telemetry.platform("platform.report", {
        requestId,
        status,
        ...(errorType ? { errorType } : {}),
        metrics: {
          durationMs: round(total),
          billedDurationMs: Math.ceil(total + (initDurationMs ?? 0)),
          memorySizeMB: this.#spec.memorySizeMB,
          maxMemoryUsedMB: this.#process?.maxMemoryUsedMB() ?? 0,
          ...(initDurationMs !== undefined ? { initDurationMs: round(initDurationMs) } : {}),
        },
        ...traced(request),
      });
      // With several invokes in flight, the first to see the runtime die resets it; the others
      // must not kill the one started after.
      if (reset !== undefined && this.#process === proc) await this.#reset(reset);
    })();
    return { result, tail, log };
  }

  /** Hands the invoke to the runtime's /next (now, or when it comes) and waits for its end. */
  #deliverAndWait(requestId: string, deadline: number, request: InvokeRequest, sink: ResponseSink | undefined): Promise<Delivery> {
    const invocationId = randomUUID();
    const proc = this.#process!;
    return new Promise((resolve) => {
      let done = false;
      let started: number | undefined;
      let stopWatchingExit: (() => void) | undefined;
      const settle = (outcome: Outcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stopWatchingExit?.();
        this.#active.delete(requestId);
        const waiting = this.#undelivered.indexOf(active);
        if (waiting >= 0) this.#undelivered.splice(waiting, 1);
        const ended = performance.now();
        resolve({ outcome, delivered: started !== undefined, durationMs: started === undefined ? 0 : ended - started, startedAt: started ?? ended, firstByteAt: active.firstByteAt ?? ended, endedAt: ended, bytes: active.bytes });
      };
      const timer = setTimeout(() => settle({ kind: "timeout" }), Math.max(0, deadline - Date.now()));
      const active: Active = {
        requestId,
        invocationId,
        sink,
        delivered: false,
        firstByteAt: undefined,
        bytes: 0,
        settle,
        deliver: (res) => {
          active.delivered = true;
          started = performance.now();
          this.#writeInvoke(res, requestId, invocationId, deadline, request);
          this.#host.dispatchInvoke({ requestId, deadlineMs: deadline, invokedFunctionArn: functionArn(this.#spec.name), traceId: request.traceId });
          this.#telemetry.platform("platform.start", { requestId, version: versionOf(this.#spec), ...traced(request) });
        },
      };
      this.#active.set(requestId, active);
      stopWatchingExit = proc.onExit((status) => settle({ kind: "exit", status }));
      let parked = this.#parkedNext.shift();
      while (parked?.destroyed) parked = this.#parkedNext.shift();
      if (parked !== undefined) active.deliver(parked);
      else this.#undelivered.push(active);
    });
  }

  /** Starts the runtime unless an init is already under way, which the caller then shares. */
  #ensureInit(deadline: number): Promise<InitOutcome> {
    return (this.#initializing ??= this.#init(deadline).finally(() => (this.#initializing = undefined)));
  }

  async #init(deadline: number): Promise<InitOutcome> {
    const spec = this.#spec;
    const env = functionEnv(spec, this.#runtimeApi);
    const initStarted = performance.now();
    const initializationType = env["AWS_LAMBDA_INITIALIZATION_TYPE"] ?? "on-demand";
    this.#telemetry.platform("platform.initStart", { initializationType, phase: "init", functionName: spec.name, functionVersion: versionOf(spec), runtimeVersion: "tslambda" });
    const initDone = (outcome: InitOutcome): InitOutcome => {
      const status = outcome.kind === "ready" ? "success" : outcome.kind === "timeout" ? "timeout" : outcome.kind === "exit" ? "failure" : "error";
      const errorType = outcome.kind === "init-error" ? errorTypeOf(outcome.body) : outcome.kind === "extension-error" ? outcome.errorType : outcome.kind === "exit" ? "Runtime.ExitError" : undefined;
      const base = { initializationType, phase: "init", status, ...(errorType ? { errorType } : {}) };
      this.#telemetry.platform("platform.initRuntimeDone", base);
      this.#telemetry.platform("platform.initReport", { ...base, metrics: { durationMs: round(performance.now() - initStarted) } });
      return outcome;
    };
    // Extensions start first and register before the runtime starts (PROTOCOL §3.5).
    if (this.#host.launch(spec.extensionsDir, env) > 0) {
      const registered = await Promise.race([this.#host.allRegistered().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
      if (!registered) return initDone({ kind: "timeout" });
      if (this.#host.failure) return initDone({ kind: "extension-error", ...this.#host.failure });
    }
    // Function output is read line by line: for a Tail, for the [name] of several functions, and
    // for extensions subscribed to function telemetry (one may subscribe while the runtime starts).
    const jsonLogs = (env["AWS_LAMBDA_LOG_FORMAT"] ?? "").toLowerCase() === "json";
    const onLine = (line: string) => {
      this.#lastOutputAt = performance.now();
      this.#print(line);
      if (this.#host.launched) this.#telemetry.log("function", line, jsonLogs);
    };
    const proc = new RuntimeProcess(spec.command, env, onLine);
    this.#process = proc;
    const runtimeInit = await new Promise<InitOutcome>((resolve) => {
      let done = false;
      const settle = (outcome: InitOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#onReady = undefined;
        this.#onInitError = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ kind: "timeout" }), Math.max(0, deadline - Date.now()));
      this.#onReady = () => settle({ kind: "ready" });
      this.#onInitError = (body) => settle({ kind: "init-error", body });
      void proc.exited.then((status) => settle({ kind: "exit", status }));
      void this.#host.allRegistered().then(() => this.#host.failure && settle({ kind: "extension-error", ...this.#host.failure }));
    });
    if (runtimeInit.kind !== "ready" || this.#host.count === 0) return initDone(runtimeInit);
    // Registration closes with the runtime's first /next; init ends when every extension has
    // called /next too.
    this.#host.closeRegistration();
    const idle = await Promise.race([this.#host.allIdle().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
    this.#telemetry.closeSubscriptions();
    if (!idle) return initDone({ kind: "timeout" });
    if (this.#host.failure) return initDone({ kind: "extension-error", ...this.#host.failure });
    return initDone(runtimeInit);
  }

  #writeInvoke(res: ServerResponse, requestId: string, invocationId: string, deadline: number, request: InvokeRequest): void {
    const headers: Record<string, string> = {
      "content-type": request.contentType ?? "application/json",
      "lambda-runtime-aws-request-id": requestId,
      "lambda-runtime-deadline-ms": String(deadline),
      "lambda-runtime-invoked-function-arn": functionArn(this.#spec.name),
      "lambda-runtime-invocation-id": invocationId,
    };
    if (request.traceId !== undefined) headers["lambda-runtime-trace-id"] = request.traceId;
    if (request.clientContext !== undefined) headers["lambda-runtime-client-context"] = request.clientContext;
    if (request.tenantId !== undefined) headers["lambda-runtime-aws-tenant-id"] = request.tenantId;
    res.writeHead(200, headers);
    res.end(request.payload);
  }

  #failure(requestId: string, outcome: Exclude<InitOutcome, { kind: "ready" }> | Extract<Outcome, { kind: "exit" | "timeout" }>): InvokeResult {
    switch (outcome.kind) {
      case "init-error":
        return { kind: "function-error", requestId, body: outcome.body, streamed: false };
      case "extension-error":
        this.#print(`RequestId: ${requestId} Error: ${outcome.errorMessage}\n${outcome.errorType}`);
        return { kind: "function-error", requestId, body: errorBody(outcome.errorType, outcome.errorMessage), streamed: false };
      case "timeout": {
        const seconds = this.#spec.timeoutSeconds.toFixed(2);
        this.#print(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`);
        return { kind: "function-error", requestId, body: errorBody("Sandbox.Timedout", `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`), streamed: false };
      }
      case "exit": {
        const message = `RequestId: ${requestId} Error: Runtime exited with error: ${describeExit(outcome.status)}`;
        this.#print(`${message}\nRuntime.ExitError`);
        return { kind: "function-error", requestId, body: errorBody("Runtime.ExitError", message), streamed: false };
      }
    }
  }

  #finish(requestId: string, durationMs: number, initDurationMs: number | undefined): void {
    this.#print(endLine(requestId));
    this.#print(
      reportLine({
        requestId,
        durationMs,
        initDurationMs,
        memorySizeMB: this.#spec.memorySizeMB,
        maxMemoryUsedMB: this.#process?.maxMemoryUsedMB() ?? 0,
      }),
    );    // The invoke's log ends with its REPORT line.
    this.#tail = undefined;
  }

  /**
   * Ends this execution environment (PROTOCOL §3.5). With extensions: SIGTERM to the runtime and
   * its share of the budget, then SHUTDOWN to the extensions with a 2 s deadline and SIGKILL for
   * what is left. Without: SIGKILL, as Lambda does.
   */
  async #reset(reason: string): Promise<void> {
    this.#parkedNext = [];
    const proc = this.#process;
    if (this.#host.count === 0 && !this.#host.launched) {
      await proc?.kill();
      return;
    }
    const deadlineMs = Date.now() + SHUTDOWN_BUDGET_MS;
    // Subscribers get what is buffered (the last report) before SHUTDOWN.
    await this.#telemetry.flushAndReset();
    if (proc?.running) {
      proc.terminate();
      await Promise.race([proc.exited, sleep(RUNTIME_SHUTDOWN_SHARE_MS)]);
      await proc.kill();
    }
    await this.#host.shutdown(reason, deadlineMs);
  }

  /** Resolves once the runtime has printed nothing for OUTPUT_QUIET_MS (at most OUTPUT_WAIT_MS). */
  async #outputQuiet(): Promise<void> {
    const started = performance.now();
    for (;;) {
      const quietFor = performance.now() - this.#lastOutputAt;
      if (quietFor >= OUTPUT_QUIET_MS || performance.now() - started >= OUTPUT_WAIT_MS) return;
      await sleep(OUTPUT_QUIET_MS - quietFor);
    }
  }

  #remember(requestId: string, how: "done" | "timeout"): void {
    this.#settled.set(requestId, how);
    if (this.#settled.size > RECENT_LIMIT) this.#settled.delete(this.#settled.keys().next().value!);
  }
}

