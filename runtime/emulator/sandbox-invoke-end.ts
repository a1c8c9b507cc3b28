// The end of one invoke, once the runtime has answered it (or died, or run out of time): the
// caller's answer and platform.runtimeDone at once; then the post-runtime phase, in which the
// extensions subscribed to INVOKE finish theirs within the deadline, followed by END and REPORT,
// platform.report, and a reset when the invoke ended the environment.
import { performance } from "node:perf_hooks";
import type { ExtensionHost } from "./extension-host.ts";
import type { FunctionSpec } from "./function-spec.ts";
import { failureResult } from "./invoke-failure.ts";
import type { InvokeRequest, InvokeResult } from "./invoke-types.ts";
import { errorTypeOf } from "./runtime-answers.ts";
import { isoAt, round, sleep, traced, type Delivery } from "./sandbox-types.ts";
import type { TelemetryHub } from "./telemetry-hub.ts";

export interface InvokeEndParts {
  spec: FunctionSpec;
  host: ExtensionHost;
  telemetry: TelemetryHub;
  /** Above 1, Managed Instances: a timeout is logged, not enforced. */
  concurrency: number;
  print(line: string): void;
  /** Prints the invoke's END and REPORT lines. */
  finish(requestId: string, durationMs: number, initDurationMs: number | undefined, restoreDurationMs?: number, maxMemoryUsedMB?: number): void;
  /** Resolves once the runtime's output has gone quiet (for a Tail log). */
  outputQuiet(): Promise<void>;
  maxMemoryUsedMB(): number;
  /** Ends the environment this invoke ran in, unless another invoke has already replaced it. */
  reset(reason: string): Promise<void>;
}

export interface EndingInvoke {
  requestId: string;
  request: InvokeRequest;
  delivery: Delivery;
  deadline: number;
  initDurationMs: number | undefined;
  restoreDurationMs: number | undefined;
  /** The caller asked for the log (LogType: Tail): wait for the runtime's output to settle. */
  tail: boolean;
}

/** The caller's answer, with platform.runtimeDone sent; `done` is the post-runtime phase. */
export function endInvoke(parts: InvokeEndParts, ending: EndingInvoke): { result: InvokeResult; done: Promise<void> } {
  const { requestId, request, delivery: d } = ending;
  const { outcome } = d;
  const status = outcome.kind === "response" ? "success" : outcome.kind === "error" ? "error" : outcome.kind === "timeout" ? "timeout" : "failure";
  const errorType = outcome.kind === "error" ? errorTypeOf(outcome.body) : outcome.kind === "timeout" ? "Sandbox.Timedout" : outcome.kind === "exit" ? "Runtime.ExitError" : undefined;
  parts.telemetry.platform("platform.runtimeDone", {
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
    result = failureResult(requestId, outcome, parts.spec.timeoutSeconds, parts.print);
  }
  const started = performance.now() - d.durationMs;
  const report = { status, ...(errorType ? { errorType } : {}) };
  return { result, done: postRuntime(parts, ending, started, report) };
}

async function postRuntime(parts: InvokeEndParts, ending: EndingInvoke, started: number, report: { status: string; errorType?: string }): Promise<void> {
  const { spec, host, telemetry } = parts;
  const { requestId, deadline, initDurationMs, restoreDurationMs } = ending;
  const { outcome } = ending.delivery;
  // Managed Instances log a timeout but do not enforce it: the runtime keeps running.
  let reset: string | undefined = outcome.kind === "timeout" && parts.concurrency === 1 ? "timeout" : outcome.kind === "exit" ? "failure" : undefined;
  if (reset === undefined && host.count > 0) {
    // The invoke ends when every INVOKE subscriber has called /next again, within the deadline.
    const idle = await Promise.race([host.allIdle().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
    if (!idle) {
      parts.print(`${new Date().toISOString()} ${requestId} Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds (extensions did not finish)`);
      reset = "timeout";
    } else if (host.failure) {
      parts.print(`RequestId: ${requestId} Error: ${host.failure.errorMessage}\n${host.failure.errorType}`);
      reset = "failure";
    }
  }
  // Output the runtime wrote just before it answered is read in this same turn of the event
  // loop: let it land before END. A runtime that logged a lot may still be flushing its
  // queued writes after it answered; a Tail waits for its output to go quiet (briefly).
  await new Promise((resolve) => setImmediate(resolve));
  if (ending.tail) await parts.outputQuiet();
  const total = performance.now() - started;
  // One reading of /proc for the REPORT line and platform.report: it is not free (tens of µs).
  const maxMemoryUsedMB = parts.maxMemoryUsedMB();
  parts.finish(requestId, total, initDurationMs, restoreDurationMs, maxMemoryUsedMB);
  telemetry.platform("platform.report", {
    requestId,
    ...report,
    metrics: {
      durationMs: round(total),
      billedDurationMs: Math.ceil(total + (initDurationMs ?? 0)),
      memorySizeMB: spec.memorySizeMB,
      maxMemoryUsedMB,
      ...(initDurationMs !== undefined ? { initDurationMs: round(initDurationMs) } : {}),
      ...(restoreDurationMs !== undefined ? { restoreDurationMs: round(restoreDurationMs), billedRestoreDurationMs: Math.ceil(restoreDurationMs) } : {}),
    },
    ...traced(ending.request),
  });
  if (reset !== undefined) await parts.reset(reset);
}
