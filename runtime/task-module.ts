// Loads the function module as AWS's Node.js runtime does: _HANDLER's module path (default
// index.handler) under LAMBDA_TASK_ROOT (default /var/task), trying .js, .mjs and .cjs in turn.
import { ImportModuleError } from "./errors.ts";
import { parseHandlerSpec } from "./handler-spec.ts";

const MODULE_EXTENSIONS = [".js", ".mjs", ".cjs"];

export async function loadTaskModule(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  const { existsSync } = process.getBuiltinModule("node:fs");
  const { module } = parseHandlerSpec(env["_HANDLER"] || "index.handler");
  const taskRoot = env["LAMBDA_TASK_ROOT"] || "/var/task";
  const base = `${taskRoot}/${module}`;
  const file = MODULE_EXTENSIONS.map((ext) => base + ext).find((path) => existsSync(path));
  if (file === undefined) {
    const missing = Object.assign(new Error(`Cannot find module '${module}' (no ${MODULE_EXTENSIONS.map((ext) => module + ext).join(", ")} in ${taskRoot})`), { code: "MODULE_NOT_FOUND" });
    throw new ImportModuleError(missing);
  }
  const namespace = (await import(`file://${file}`)) as Record<string, unknown>;
  // A CommonJS module's exports object is what AWS's runtime reads the handler from.
  const exports = namespace["module.exports"];
  return exports !== null && (typeof exports === "object" || typeof exports === "function") ? { ...namespace, ...(exports as Record<string, unknown>) } : namespace;
}
