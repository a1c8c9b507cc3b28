// The end of an execution environment (PROTOCOL §3.5), after a crash, a timeout, a failed init
// or at shutdown. With extensions: SIGTERM to the runtime and its share of the budget, then
// SHUTDOWN to the extensions with a 2 s deadline and SIGKILL for what is left. Without: SIGKILL,
// as Lambda does.
import type { ExtensionHost } from "./extension-host.ts";
import type { RuntimeProcess } from "./runtime-process.ts";
import { sleep } from "./sandbox-types.ts";
import type { TelemetryHub } from "./telemetry-hub.ts";

/** Lambda's shutdown budget with external extensions, and the runtime's share of it. */
const SHUTDOWN_BUDGET_MS = 2000;
const RUNTIME_SHUTDOWN_SHARE_MS = 300;

export async function resetEnvironment(proc: RuntimeProcess | undefined, host: ExtensionHost, telemetry: TelemetryHub, reason: string): Promise<void> {
  if (host.count === 0 && !host.launched) {
    await proc?.kill();
    return;
  }
  const deadlineMs = Date.now() + SHUTDOWN_BUDGET_MS;
  // Subscribers get what is buffered (the last report) before SHUTDOWN.
  await telemetry.flushAndReset();
  if (proc?.running) {
    proc.terminate();
    await Promise.race([proc.exited, sleep(RUNTIME_SHUTDOWN_SHARE_MS)]);
    await proc.kill();
  }
  await host.shutdown(reason, deadlineMs);
}
