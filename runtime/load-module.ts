// Imports the function module and classifies a failure as AWS's Node.js runtime does: a module
// that cannot be found is Runtime.ImportModuleError, code that does not parse is
// Runtime.UserCodeSyntaxError, and anything the module throws at its top level is reported as
// itself, with its own type, message and frames.
import { ImportModuleError, UserCodeSyntaxError } from "./errors.ts";

export type ModuleLoader = () => Promise<Record<string, unknown>>;

/** CommonJS `require` says MODULE_NOT_FOUND; ESM `import` says ERR_MODULE_NOT_FOUND. */
const NOT_FOUND = new Set(["MODULE_NOT_FOUND", "ERR_MODULE_NOT_FOUND"]);

export async function loadFunctionModule(load: ModuleLoader): Promise<Record<string, unknown>> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if (error instanceof Error && NOT_FOUND.has((error as Error & { code?: unknown }).code as string)) throw new ImportModuleError(error);
    throw error;
  }
}
