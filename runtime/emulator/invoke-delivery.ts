// One invoke's delivery: handed to the runtime's /next (now, or when one comes), INVOKE to the
// extensions, and the wait for its end: the runtime's answer, its exit or the deadline.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ExtensionHost } from "./extension-host.ts";
import { functionArn, versionOf, type FunctionSpec } from "./function-spec.ts";
import { writeInvoke, type InvokeDispatch } from "./invoke-dispatch.ts";
import type { InvokeRequest } from "./invoke-types.ts";
import type { ResponseSink } from "./response-sink.ts";
import type { RuntimeProcess } from "./runtime-process.ts";
import { traced, type Active, type Delivery, type Outcome } from "./sandbox-types.ts";
import type { TelemetryHub } from "./telemetry-hub.ts";

export interface DeliveryParts {
  spec: FunctionSpec;
  proc: RuntimeProcess;
  dispatch: InvokeDispatch;
  host: ExtensionHost;
  telemetry: TelemetryHub;
}

/** Hands the invoke to the runtime's /next (now, or when it comes) and waits for its end. */
export function deliverAndWait(parts: DeliveryParts, requestId: string, deadline: number, request: InvokeRequest, sink: ResponseSink | undefined): Promise<Delivery> {
  const { spec, proc, dispatch, host, telemetry } = parts;
  const invocationId = randomUUID();
  return new Promise((resolve) => {
    let done = false;
    let started: number | undefined;
    let stopWatchingExit: (() => void) | undefined;
    const settle = (outcome: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopWatchingExit?.();
      dispatch.settled(active, outcome.kind === "timeout" ? "timeout" : "done");
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
        writeInvoke(res, spec.name, active, deadline, request);
        host.dispatchInvoke({ requestId, deadlineMs: deadline, invokedFunctionArn: functionArn(spec.name), traceId: request.traceId });
        telemetry.platform("platform.start", { requestId, version: versionOf(spec), ...traced(request) });
      },
    };
    stopWatchingExit = proc.onExit((status) => settle({ kind: "exit", status }));
    dispatch.add(active);
  });
}
