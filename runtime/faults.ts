// Process-level faults: an uncaught exception or unhandled rejection is reported as the current
// invoke's error (or as the init error), logged, and then the process exits so Lambda restarts it.
import { UncaughtFault } from "./errors.ts";
import type { Invocation } from "./invocation.ts";
import type { Logger } from "./logging/logger.ts";

export interface FaultTarget {
  /** The invoke in flight, if any. */
  current(): Invocation | undefined;
  /** Reports a fault that happened outside any invoke (during init). */
  initFailed(error: Error): Promise<void>;
  initialising(): boolean;
}

export const FAULT_EXIT_CODE = 1;

export function installFaultHandlers(target: FaultTarget, logger: Logger): void {
  let exiting = false;
  const onFault = (kind: "UncaughtException" | "UnhandledPromiseRejection") => (cause: unknown) => {
    if (exiting) return;
    exiting = true;
    const fault = new UncaughtFault(kind, cause);
    const invocation = target.current();
    const report =
      invocation && !invocation.reported
        ? invocation.fail(fault, kind === "UncaughtException" ? "Uncaught Exception" : "Unhandled Promise Rejection")
        : target.initialising()
          ? target.initFailed(fault)
          : Promise.resolve(logger.error(`${fault.name} outside an invoke, exiting:`, cause));
    void report.finally(() => process.exit(FAULT_EXIT_CODE));
  };
  process.on("uncaughtException", onFault("UncaughtException"));
  process.on("unhandledRejection", onFault("UnhandledPromiseRejection"));
}
