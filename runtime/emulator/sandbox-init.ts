// The init phase of an execution environment (PROTOCOL §3.5): extensions start and register,
// then the runtime process starts; init ends at the runtime's first /next (and every extension's),
// or with its init error, its exit, an extension's failure or the deadline. Telemetry's init
// records are sent here.
import { performance } from "node:perf_hooks";
import type { ExtensionHost } from "./extension-host.ts";
import { functionEnv, versionOf, type FunctionSpec } from "./function-spec.ts";
import { metadataToken } from "./metadata-endpoint.ts";
import { errorTypeOf } from "./runtime-answers.ts";
import { RuntimeProcess } from "./runtime-process.ts";
import { round, sleep, type InitOutcome } from "./sandbox-types.ts";
import type { TelemetryHub } from "./telemetry-hub.ts";

export interface InitParts {
  spec: FunctionSpec;
  runtimeApi: string;
  host: ExtensionHost;
  telemetry: TelemetryHub;
  /** Each line the runtime prints. */
  onLine(line: string): void;
  /** The runtime process, as soon as it is started. */
  started(proc: RuntimeProcess): void;
  /** While init runs: how the Runtime API side reports the first /next and an init error. */
  listen(hooks: { ready(): void; initError(body: Buffer): void } | undefined): void;
}

export async function initEnvironment(parts: InitParts, deadline: number): Promise<InitOutcome> {
  const { spec, host, telemetry } = parts;
  const env = functionEnv(spec, parts.runtimeApi, metadataToken);
  const initStarted = performance.now();
  const initializationType = env["AWS_LAMBDA_INITIALIZATION_TYPE"] ?? "on-demand";
  telemetry.platform("platform.initStart", { initializationType, phase: "init", functionName: spec.name, functionVersion: versionOf(spec), runtimeVersion: "tslambda" });
  const initDone = (outcome: InitOutcome): InitOutcome => {
    const status = outcome.kind === "ready" ? "success" : outcome.kind === "timeout" ? "timeout" : outcome.kind === "exit" ? "failure" : "error";
    const errorType = outcome.kind === "init-error" ? errorTypeOf(outcome.body) : outcome.kind === "extension-error" ? outcome.errorType : outcome.kind === "exit" ? "Runtime.ExitError" : undefined;
    const base = { initializationType, phase: "init", status, ...(errorType ? { errorType } : {}) };
    telemetry.platform("platform.initRuntimeDone", base);
    telemetry.platform("platform.initReport", { ...base, metrics: { durationMs: round(performance.now() - initStarted) } });
    return outcome;
  };
  // Extensions start first and register before the runtime starts (PROTOCOL §3.5).
  if (host.launch(spec.extensionsDir, env) > 0) {
    const registered = await Promise.race([host.allRegistered().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
    if (!registered) return initDone({ kind: "timeout" });
    if (host.failure) return initDone({ kind: "extension-error", ...host.failure });
  }
  // Function output is read line by line: for a Tail, for the [name] of several functions, and
  // for extensions subscribed to function telemetry (one may subscribe while the runtime starts).
  const jsonLogs = (env["AWS_LAMBDA_LOG_FORMAT"] ?? "").toLowerCase() === "json";
  const proc = new RuntimeProcess(spec.command, env, (line) => {
    parts.onLine(line);
    if (host.launched) telemetry.log("function", line, jsonLogs);
  });
  parts.started(proc);
  const runtimeInit = await new Promise<InitOutcome>((resolve) => {
    let done = false;
    const settle = (outcome: InitOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      parts.listen(undefined);
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: "timeout" }), Math.max(0, deadline - Date.now()));
    parts.listen({ ready: () => settle({ kind: "ready" }), initError: (body) => settle({ kind: "init-error", body }) });
    void proc.exited.then((status) => settle({ kind: "exit", status }));
    void host.allRegistered().then(() => host.failure && settle({ kind: "extension-error", ...host.failure }));
  });
  if (runtimeInit.kind !== "ready" || host.count === 0) return initDone(runtimeInit);
  // Registration closes with the runtime's first /next; init ends when every extension has
  // called /next too.
  host.closeRegistration();
  const idle = await Promise.race([host.allIdle().then(() => true), sleep(deadline - Date.now()).then(() => false)]);
  telemetry.closeSubscriptions();
  if (!idle) return initDone({ kind: "timeout" });
  if (host.failure) return initDone({ kind: "extension-error", ...host.failure });
  return initDone(runtimeInit);
}
