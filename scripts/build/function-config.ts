// What a function directory declares about its own build, in its package.json:
//   "tslambda": { "include": ["templates/**"], "external": ["pg-native"] }
// The handler spec is not here: like Lambda's --handler it is deployment configuration
// (--handler, FUNCTION_HANDLER, or _HANDLER in the build's environment).
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface FunctionConfig {
  /** Globs (relative to the function directory) of the files to ship; absent: everything eligible. */
  include: string[] | undefined;
  /** Packages to install into node_modules instead of bundling. */
  external: string[];
  /** Runtime dependencies the function's package.json declares. */
  dependencies: string[];
}

export async function readFunctionConfig(functionDir: string): Promise<FunctionConfig> {
  const text = await readFile(join(functionDir, "package.json"), "utf8").catch(() => undefined);
  if (text === undefined) return { include: undefined, external: [], dependencies: [] };
  const pkg = JSON.parse(text) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; tslambda?: { include?: unknown; external?: unknown } };
  const strings = (value: unknown, field: string): string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${functionDir}/package.json: tslambda.${field} must be an array of strings`);
    return value;
  };
  return {
    include: strings(pkg.tslambda?.include, "include"),
    external: strings(pkg.tslambda?.external, "external") ?? [],
    dependencies: Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }),
  };
}
