// The runtime's entry, /var/runtime/bootstrap, the same file for every function: it loads the
// function module named by _HANDLER from LAMBDA_TASK_ROOT and runs it. The function's bundle
// leaves `tslambda` and `tslambda/extension` out; a resolve hook hands it this very module, which
// exports both (one file: each file more costs cold init), so serve(), log, onShutdown() and
// internal extensions share one runtime state with the bootstrap.
import { useShippedCompileCache } from "./compile-cache.ts";
import { start } from "./start.ts";
import { loadTaskModule } from "./task-module.ts";

export * from "./index.ts";
export * from "./extension/index.ts";

const RUNTIME_MODULES: Record<string, string> = { tslambda: import.meta.url, "tslambda/extension": import.meta.url };

process.getBuiltinModule("node:module").registerHooks({
  resolve(specifier, context, nextResolve) {
    const own = RUNTIME_MODULES[specifier];
    return own === undefined ? nextResolve(specifier, context) : { url: own, shortCircuit: true };
  },
});

useBuildDefaults();
// The task module's compile cache only on the way to it (not for the emulator, started without a Runtime API).
void start(() => {
  useShippedCompileCache();
  return loadTaskModule();
});

/**
 * Run from a build directory (`node dist/demos/echo/bootstrap`, with or without a Runtime API):
 * the function built beside this file in `task/` as the task root and working directory, and the
 * handler the build recorded in `function.json`. Only what is unset: on Lambda and in images
 * both variables are always set, so this costs nothing there. The emulator's runtime process
 * inherits all of it.
 */
function useBuildDefaults(): void {
  const env = process.env;
  if (env["LAMBDA_TASK_ROOT"] && env["_HANDLER"]) return;
  const { existsSync, readFileSync } = process.getBuiltinModule("node:fs");
  const localTask = new URL("./task", import.meta.url);
  if (!env["LAMBDA_TASK_ROOT"] && existsSync(localTask)) {
    env["LAMBDA_TASK_ROOT"] = decodeURIComponent(localTask.pathname);
    process.chdir(env["LAMBDA_TASK_ROOT"]);
  }
  const recorded = new URL("./function.json", import.meta.url);
  if (!env["_HANDLER"] && existsSync(recorded)) {
    const { handler } = JSON.parse(readFileSync(recorded, "utf8")) as { handler?: string };
    if (handler) env["_HANDLER"] = handler;
  }
}
