// What the caller gets when an invoke ends without the runtime's answer (a failed init, an
// extension's failure, a timeout, the runtime's exit), and the line the log gets for it.
import { errorBody, type InvokeResult } from "./invoke-types.ts";
import { describeExit } from "./runtime-process.ts";
import type { InitOutcome, Outcome } from "./sandbox-types.ts";

export function failureResult(
  requestId: string,
  outcome: Exclude<InitOutcome, { kind: "ready" }> | Extract<Outcome, { kind: "exit" | "timeout" }>,
  timeoutSeconds: number,
  print: (line: string) => void,
): InvokeResult {
  switch (outcome.kind) {
    case "init-error":
      return { kind: "function-error", requestId, body: outcome.body, streamed: false };
    case "extension-error":
      print(`RequestId: ${requestId} Error: ${outcome.errorMessage}\n${outcome.errorType}`);
      return { kind: "function-error", requestId, body: errorBody(outcome.errorType, outcome.errorMessage), streamed: false };
    case "timeout": {
      const seconds = timeoutSeconds.toFixed(2);
      print(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`);
      return { kind: "function-error", requestId, body: errorBody("Sandbox.Timedout", `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`), streamed: false };
    }
    case "exit": {
      const message = `RequestId: ${requestId} Error: Runtime exited with error: ${describeExit(outcome.status)}`;
      print(`${message}\nRuntime.ExitError`);
      return { kind: "function-error", requestId, body: errorBody("Runtime.ExitError", message), streamed: false };
    }
  }
}
