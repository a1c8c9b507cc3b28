// Process-level faults: an uncaught exception or unhandled rejection is reported as the current
// invoke's error (or as the init error), logged, and then the process exits so Lambda restarts it.
// With Managed Instances the same holds for both kinds (several invokes share the process, and
// a fault may have left their shared state broken); only the blame is stricter: a fault raised by
// an invoke that has already answered is never pinned on another one that happens to be running.
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
  /** Several invokes at once (Managed Instances): blame only the invoke whose context raised it. */
  concurrent(): boolean;
}

export const FAULT_EXIT_CODE = 1;

type FaultKind = "UncaughtException" | "UnhandledPromiseRejection";

const LOG_LABEL: Record<FaultKind, string> = { UncaughtException: "Uncaught Exception", UnhandledPromiseRejection: "Unhandled Promise Rejection" };

export function installFaultHandlers(target: FaultTarget, logger: Logger): void {
  let exiting = false;
  const onFault = (kind: FaultKind) => (cause: unknown) => {
    if (exiting) return;
    exiting = true;
    const fault = new UncaughtFault(kind, cause);
    const invocation = target.current(target.concurrent());
    const report =
      invocation && !invocation.reported
        ? inInvokeContext(invocation, () => invocation.fail(fault, LOG_LABEL[kind]))
        : target.initialising()
          ? target.initFailed(fault)
          : Promise.resolve(logger.error(`${fault.name} outside an invoke in flight, exiting:`, cause));
    void report.finally(() => process.exit(FAULT_EXIT_CODE));
  };
  process.on("uncaughtException", onFault("UncaughtException"));
  process.on("unhandledRejection", onFault("UnhandledPromiseRejection"));
}

/** Runs `report` so its log line carries the invoke's id, also when only the fallback found it. */
function inInvokeContext(invocation: Invocation, report: () => Promise<void>): Promise<void> {
  if (currentInvoke() !== undefined) return report();
  return runInInvoke({ requestId: invocation.requestId, traceId: undefined, tenantId: undefined }, report);
}
