// One execution environment, as Lambda runs it: starts the bootstrap on the first invoke (at once
// for Managed Instances), hands it invokes through the Runtime API (one at a time, or up to N),
// enforces the timeout (classic mode) and the response limit, and resets (kills, then re-inits
// on the next invoke) after a crash, timeout or init failure. The phases live in their own
// modules: sandbox-init.ts, invoke-delivery.ts and invoke-dispatch.ts (handing the invoke over,
// the Runtime API side), sandbox-invoke-end.ts (the answer, END/REPORT), sandbox-reset.ts.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { ApiAnswer } from "./api-answer.ts";
import { ExtensionHost } from "./extension-host.ts";
import { initializationTypeOf, maxConcurrencyOf, versionOf, type FunctionSpec } from "./function-spec.ts";
import { deliverAndWait } from "./invoke-delivery.ts";
import { InvokeDispatch } from "./invoke-dispatch.ts";
import type { InvokeRequest, InvokeResult } from "./invoke-types.ts";
import { LogTail } from "./log-tail.ts";
import type { ResponseSink } from "./response-sink.ts";
import { asErrorJson } from "./runtime-answers.ts";
import type { RuntimeProcess } from "./runtime-process.ts";
import { acceptResult, acceptStreamedResult, ACCEPTED } from "./runtime-results.ts";
import { failureResult } from "./invoke-failure.ts";
import { initEnvironment } from "./sandbox-init.ts";
import { resetEnvironment } from "./sandbox-reset.ts";
import { endInvoke } from "./sandbox-invoke-end.ts";
import { SandboxLog } from "./sandbox-log.ts";
import type { Delivery, InitOutcome } from "./sandbox-types.ts";
import { SnapStartRehearsal } from "./snapstart-rehearsal.ts";
import { TelemetryHub } from "./telemetry-hub.ts";

export class Sandbox {
  readonly #spec: FunctionSpec;
  readonly #log: SandboxLog;
  readonly #print: (line: string) => void;
  #runtimeApi = "";
  #process: RuntimeProcess | undefined;
  #onReady: (() => void) | undefined;
  #onInitError: ((body: Buffer) => void) | undefined;
  readonly #dispatch: InvokeDispatch;
  /** The init under way, shared by the invokes that arrive during it. */
  #initializing: Promise<InitOutcome> | undefined;
  /** Invokes that run at once: above 1, a Lambda Managed Instances environment. */
  readonly concurrency: number;
  /** Managed Instances: invokes in flight, each until its tail (REPORT, extensions) ends. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #queue: Promise<unknown> = Promise.resolve();

  readonly #host: ExtensionHost;
  readonly #telemetry = new TelemetryHub();
  /** Set when this function rehearses SnapStart (snapstart-rehearsal.ts). */
  readonly #snapStart: SnapStartRehearsal | undefined;

  constructor(spec: FunctionSpec, print: (line: string) => void) {
    this.#spec = spec;
    this.#snapStart = initializationTypeOf(spec) === "snap-start" ? new SnapStartRehearsal() : undefined;
    this.concurrency = maxConcurrencyOf(spec);
    this.#dispatch = new InvokeDispatch(this.concurrency);
    this.#log = new SandboxLog(print);
    this.#print = this.#log.print;
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
    return this.#dispatch.next(res, () => this.#onReady?.());
  }

  result(requestId: string, kind: "response" | "error", body: Buffer, headers: Record<string, string | string[] | undefined>): ApiAnswer {
    const current = this.#dispatch.activeFor(requestId, headers);
    return "settle" in current ? acceptResult(current, kind, body, headers) : current;
  }

  /** A streamed /response (PROTOCOL §2.1), read no faster than the caller takes it. */
  async streamedResult(requestId: string, req: IncomingMessage): Promise<ApiAnswer> {
    const current = this.#dispatch.activeFor(requestId, req.headers);
    return "settle" in current ? acceptStreamedResult(current, req) : current;
  }

  /** GET /restore/next (SnapStart): the runtime is initialised and waits to be restored. */
  restoreNext(res: ServerResponse): ApiAnswer | undefined {
    if (this.#snapStart === undefined) return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "restore/next without SnapStart (AWS_LAMBDA_INITIALIZATION_TYPE is not snap-start)" } };
    this.#snapStart.park(res);
    this.#onReady?.();
    return undefined;
  }

  restoreError(body: Buffer, headers: Record<string, string | string[] | undefined>): ApiAnswer {
    if (this.#snapStart === undefined) return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "restore/error without SnapStart" } };
    return this.#snapStart.restoreError(asErrorJson(body, headers["lambda-runtime-function-error-type"]));
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
    this.#log.collect(log);
    // Lambda prints a SnapStart restore (RESTORE_START, RESTORE_REPORT) before the invoke's START.
    let startPrinted = false;
    const printStart = () => {
      if (!startPrinted) this.#log.start(requestId, versionOf(this.#spec));
      startPrinted = true;
    };
    if (this.#snapStart === undefined) printStart();
    const deadline = Date.now() + this.#spec.timeoutSeconds * 1000;

    let initDurationMs: number | undefined;
    let restoreDurationMs: number | undefined;
    let delivery: Delivery | undefined;
    for (;;) {
      if (this.#process === undefined || !this.#process.running || this.#initializing !== undefined) {
        const initStart = performance.now();
        const init = await this.#ensureInit(deadline);
        initDurationMs = (initDurationMs ?? 0) + (performance.now() - initStart);
        if (init.kind !== "ready") {
          const result = failureResult(requestId, init, this.#spec.timeoutSeconds, this.#print);
          printStart();
          this.#finish(requestId, 0, initDurationMs);
          await this.#reset("failure");
          return { result, tail: Promise.resolve(), log };
        }
        if (this.#snapStart?.atSnapshotPoint) {
          // SnapStart: init belongs to the snapshot, not to this invoke; the restore does.
          initDurationMs = undefined;
          const restored = await this.#restore();
          restoreDurationMs = restored.durationMs;
          if (restored.kind === "failed") {
            const result: InvokeResult = { kind: "service-error", requestId, status: 400, errorType: "SnapStartException", message: `The afterRestore() runtime hook failed (${restored.errorType}). Check the function's log.` };
            printStart();
            this.#finish(requestId, 0, undefined, restoreDurationMs);
            await this.#reset("failure");
            return { result, tail: Promise.resolve(), log };
          }
        }
      }
      printStart();
      delivery = await deliverAndWait({ spec: this.#spec, proc: this.#process!, dispatch: this.#dispatch, host: this.#host, telemetry: this.#telemetry }, requestId, deadline, request, sink);
      // A process that exits before taking the invoke (it was dying after the previous one)
      // is not this invoke's failure: start a new one and deliver there, as Lambda would.
      if (delivery.outcome.kind === "exit" && !delivery.delivered) continue;
      break;
    }
    const proc = this.#process;
    const { result, done } = endInvoke(
      {
        spec: this.#spec,
        host: this.#host,
        telemetry: this.#telemetry,
        concurrency: this.concurrency,
        print: this.#print,
        finish: (...args) => this.#finish(...args),
        outputQuiet: () => this.#log.outputQuiet(),
        maxMemoryUsedMB: () => this.#process?.maxMemoryUsedMB() ?? 0,
        // With several invokes in flight, the first to see the runtime die resets it; the others
        // must not kill the one started after.
        reset: async (reason) => {
          if (this.#process === proc) await this.#reset(reason);
        },
      },
      { requestId, request, delivery: delivery!, deadline, initDurationMs, restoreDurationMs, tail: log !== undefined },
    );
    return { result, tail: done, log };
  }

  /** Starts the runtime unless an init is already under way, which the caller then shares. */
  #ensureInit(deadline: number): Promise<InitOutcome> {
    return (this.#initializing ??= this.#init(deadline).finally(() => (this.#initializing = undefined)));
  }

  #init(deadline: number): Promise<InitOutcome> {
    return initEnvironment(
      {
        spec: this.#spec,
        runtimeApi: this.#runtimeApi,
        host: this.#host,
        telemetry: this.#telemetry,
        onLine: (line) => this.#log.runtimeLine(line),
        started: (proc) => (this.#process = proc),
        listen: (hooks) => {
          this.#onReady = hooks?.ready;
          this.#onInitError = hooks?.initError;
        },
      },
      deadline,
    );
  }

  /** SnapStart: restore right after the snapshot point; the runtime's next /next ends it. */
  #restore() {
    return this.#snapStart!.restore({
      print: this.#print,
      telemetry: this.#telemetry,
      exited: this.#process!.exited,
      nextCalled: () => new Promise<void>((resolve) => (this.#onReady = () => ((this.#onReady = undefined), resolve()))),
    });
  }

  #finish(requestId: string, durationMs: number, initDurationMs: number | undefined, restoreDurationMs?: number, maxMemoryUsedMB = this.#process?.maxMemoryUsedMB() ?? 0): void {
    this.#log.finish({ requestId, durationMs, initDurationMs, restoreDurationMs, memorySizeMB: this.#spec.memorySizeMB, maxMemoryUsedMB });
  }

  /** Ends this execution environment (sandbox-reset.ts); the next invoke starts a new one. */
  async #reset(reason: string): Promise<void> {
    this.#dispatch.dropParked();
    await resetEnvironment(this.#process, this.#host, this.#telemetry, reason);
  }
}
