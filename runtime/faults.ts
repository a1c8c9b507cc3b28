// Process-level faults: an uncaught exception or unhandled rejection is reported as the current
// invoke's error (or as the init error), logged, and then the process exits so Lambda restarts it.
// Managed Instances are the exception for rejections: AWS documents that a runtime worker's
// crash leaves the environment serving on its other workers, and a rejection leaves no half-run
// callback behind, so it fails only its own invoke and every other invoke carries on.
import { UncaughtFault } from "./errors.ts";
import type { Invocation } from "./invocation.ts";
import { currentInvoke, runInInvoke } from "./invoke-store.ts";
import type { Logger } from "./logging/logger.ts";

export interface FaultTarget {
  /** The invoke in flight the fault belongs to, if any (`strict`: never a guess, see InFlight). */
  current(strict?: boolean): Invocation | undefined;
  /** Reports a fault that happened outside any invoke (during init). */
  initFailed(error: Error): Promise<void>;
  initialising(): boolean;
  /** Several invokes at once (Managed Instances): an unhandled rejection does not end the process. */
  concurrent(): boolean;
}

export const FAULT_EXIT_CODE = 1;

type FaultKind = "UncaughtException" | "UnhandledPromiseRejection";

const LOG_LABEL: Record<FaultKind, string> = { UncaughtException: "Uncaught Exception", UnhandledPromiseRejection: "Unhandled Promise Rejection" };

export function installFaultHandlers(target: FaultTarget, logger: Logger): void {
  let exiting = false;
  const onFault = (kind: FaultKind) => (cause: unknown) => {
    if (exiting) return;
    const fault = new UncaughtFault(kind, cause);
    if (kind === "UnhandledPromiseRejection" && target.concurrent() && !target.initialising()) {
      failAndCarryOn(fault, target.current(true), logger);
      return;
    }
    const invocation = target.current();
    exiting = true;
    const report =
      invocation && !invocation.reported
        ? invocation.fail(fault, LOG_LABEL[kind])
        : target.initialising()
          ? target.initFailed(fault)
          : Promise.resolve(logger.error(`${fault.name} outside an invoke, exiting:`, cause));
    void report.finally(() => process.exit(FAULT_EXIT_CODE));
  };
  process.on("uncaughtException", onFault("UncaughtException"));
  process.on("unhandledRejection", onFault("UnhandledPromiseRejection"));
}

/** Managed Instances: the rejection is its invoke's error (or a log line, once that has answered). */
function failAndCarryOn(fault: UncaughtFault, invocation: Invocation | undefined, logger: Logger): void {
  if (invocation === undefined) {
    // Raised in an invoke that has answered (the log record carries its id), or in none.
    logger.error(`${fault.name} outside any invoke in flight; the runtime carries on:`, fault.cause);
    return;
  }
  const report = () => {
    if (invocation.reported) logger.error(`${fault.name} after this invoke had answered; the runtime carries on:`, fault.cause);
    else void invocation.fail(fault, LOG_LABEL.UnhandledPromiseRejection);
  };
  // Logged under the invoke's own id, also when only the fallback (one invoke in flight) found it.
  if (currentInvoke() !== undefined) report();
  else runInInvoke({ requestId: invocation.requestId, traceId: undefined, tenantId: undefined }, report);
}
