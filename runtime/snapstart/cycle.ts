// The SnapStart cycle a custom runtime drives (AWS "Implementing SnapStart hooks for container
// images"): after init, before-snapshot hooks, then GET /restore/next, which answers once the
// environment is restored; then the built-in and the user's after-restore hooks; then the loop.
import { toErrorResponse } from "../errors.ts";
import type { Logger } from "../logging/logger.ts";
import { clearMetadataCache } from "../metadata/execution-environment.ts";
import type { RuntimeApi } from "../routes.ts";
import { AfterRestoreError, BeforeSnapshotError } from "./errors.ts";
import { runAfterRestoreHooks, runBeforeSnapshotHooks } from "./hooks.ts";

export interface SnapStartParts {
  api: RuntimeApi;
  logger: Logger;
  /** Reports an init failure to /init/error and exits (the runtime's usual init path). */
  initFailed(error: unknown): Promise<never>;
  exit(code: number): never;
}

export const RESTORE_FAILED_EXIT_CODE = 1;

/** True when Lambda initialises this environment to snapshot it. */
export function isSnapStart(env: NodeJS.ProcessEnv = process.env): boolean {
  return env["AWS_LAMBDA_INITIALIZATION_TYPE"] === "snap-start";
}

export async function snapshotAndRestore(parts: SnapStartParts): Promise<void> {
  const { api, logger } = parts;
  try {
    await runBeforeSnapshotHooks();
  } catch (error) {
    return parts.initFailed(new BeforeSnapshotError(error));
  }
  try {
    await api.restoreNext();
  } catch (error) {
    logger.fatal("Runtime API failed at /restore/next, exiting:", error);
    parts.exit(RESTORE_FAILED_EXIT_CODE);
  }
  renewAfterRestore(api);
  try {
    await runAfterRestoreHooks();
  } catch (cause) {
    const error = new AfterRestoreError(cause);
    logger.logError("Restore Error", error);
    const outcome = await api.restoreError(toErrorResponse(error));
    if (outcome.kind !== "accepted") logger.error(`Runtime API did not take the restore error: ${JSON.stringify(outcome)}`);
    parts.exit(RESTORE_FAILED_EXIT_CODE);
  }
}

/** Built in, before the user's hooks: what the runtime itself must not carry across a restore. */
function renewAfterRestore(api: RuntimeApi): void {
  // A socket kept alive across the snapshot points at a connection that no longer exists.
  api.reconnect();
  // The restored environment may sit in another Availability Zone.
  clearMetadataCache();
}
