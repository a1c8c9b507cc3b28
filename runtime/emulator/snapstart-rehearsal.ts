// SnapStart, rehearsed: with AWS_LAMBDA_INITIALIZATION_TYPE=snap-start (the function's env or the
// emulator's) the runtime's init ends at GET /restore/next (its before-snapshot hooks have run)
// instead of its first /invocation/next. That is the snapshot point. The restore follows at
// once: RESTORE_START, /restore/next answered, the runtime's after-restore hooks, and its first
// /invocation/next ends the restore (RESTORE_REPORT). A /restore/error or an exit fails it: the
// caller gets SnapStartException, as from Lambda's Invoke.
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { ApiAnswer } from "./api-answer.ts";
import { errorTypeOf } from "./runtime-answers.ts";
import type { ExitStatus } from "./runtime-process.ts";
import { round } from "./sandbox-types.ts";
import type { TelemetryHub } from "./telemetry-hub.ts";

/** AWS: after-restore hooks must finish within 10 seconds, or the restore times out. */
export const RESTORE_TIMEOUT_MS = 10_000;

export type RestoreOutcome =
  | { kind: "restored"; durationMs: number }
  | { kind: "failed"; durationMs: number; errorType: string; status: "error" | "failure" | "timeout" };

export interface RestoreParts {
  print(line: string): void;
  telemetry: TelemetryHub;
  exited: Promise<ExitStatus>;
  /** Resolves when the runtime next calls /invocation/next. */
  nextCalled(): Promise<void>;
}

export class SnapStartRehearsal {
  #parked: ServerResponse | undefined;
  #onError: ((body: Buffer) => void) | undefined;

  /** GET /restore/next: held until the restore (the runtime is "frozen" meanwhile). */
  park(res: ServerResponse): void {
    this.#parked = res;
  }

  /** POST /restore/error: only while a restore runs. */
  restoreError(body: Buffer): ApiAnswer {
    if (this.#onError === undefined) return { status: 403, body: { errorType: "InvalidStateTransition", errorMessage: "restore/error outside a restore" } };
    this.#onError(body);
    return { status: 202, body: { status: "OK" } };
  }

  /** True once the runtime has reached the snapshot point (it waits on /restore/next). */
  get atSnapshotPoint(): boolean {
    return this.#parked !== undefined && !this.#parked.destroyed;
  }

  async restore(parts: RestoreParts): Promise<RestoreOutcome> {
    const started = performance.now();
    parts.print("RESTORE_START Runtime Version: tslambda\tRuntime Version ARN: tslambda:emulator");
    parts.telemetry.platform("platform.restoreStart", { runtimeVersion: "tslambda" });
    const res = this.#parked;
    this.#parked = undefined;
    const outcome = await new Promise<{ kind: "ready" } | { kind: "error"; body: Buffer } | { kind: "exit" } | { kind: "timeout" }>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: "timeout" }), RESTORE_TIMEOUT_MS);
      const done = (value: Parameters<typeof resolve>[0]) => {
        clearTimeout(timer);
        this.#onError = undefined;
        resolve(value);
      };
      this.#onError = (body) => done({ kind: "error", body });
      void parts.nextCalled().then(() => done({ kind: "ready" }));
      void parts.exited.then(() => done({ kind: "exit" }));
      if (res === undefined || res.destroyed) return done({ kind: "exit" });
      res.writeHead(200, { "content-type": "application/json", "content-length": 0 });
      res.end();
    });
    const durationMs = performance.now() - started;
    if (outcome.kind === "ready") {
      parts.print(`RESTORE_REPORT Restore Duration: ${durationMs.toFixed(2)} ms`);
      parts.telemetry.platform("platform.restoreRuntimeDone", { status: "success" });
      parts.telemetry.platform("platform.restoreReport", { status: "success", metrics: { durationMs: round(durationMs) } });
      return { kind: "restored", durationMs };
    }
    const errorType = outcome.kind === "error" ? (errorTypeOf(outcome.body) ?? "Runtime.Unknown") : outcome.kind === "exit" ? "Runtime.ExitError" : "Sandbox.Timedout";
    const status = outcome.kind === "error" ? "error" : outcome.kind === "exit" ? "failure" : "timeout";
    parts.print(`RESTORE_REPORT Restore Duration: ${durationMs.toFixed(2)} ms\tStatus: ${status}${status === "timeout" ? "" : `\tError Type: ${errorType}`}`);
    parts.telemetry.platform("platform.restoreRuntimeDone", { status, errorType });
    parts.telemetry.platform("platform.restoreReport", { status, errorType, metrics: { durationMs: round(durationMs) } });
    return { kind: "failed", durationMs, errorType, status };
  }
}
