/**
 * tslambda/config: the optional project file `tslambda.config.ts`.
 *
 * Without it every `functions/<name>/index.ts` is a function with `index.handler` as its handler.
 * The file adds functions or changes discovered ones:
 *
 * @example
 * ```ts
 * import { defineConfig } from "tslambda/config";
 *
 * export default defineConfig({
 *   functions: {
 *     hello: { memory: 256 },                       // functions/hello, discovered
 *     orders: { handler: "src/orders.handler", timeout: 10, environment: { TABLE: "orders" } },
 *   },
 * });
 * ```
 * A TypeScript file rather than JSON: the editor checks it with the project's own tsc and
 * completes it from these types with no schema to wire up, values can be computed, and Node.js 24
 * imports it directly (type stripping works outside node_modules). It is validated field by field
 * on load all the same, since a .js config or a cast can hold anything.
 * @module
 */

/** Lambda's names for the two instruction sets. */
export type Architecture = "x86_64" | "arm64";

/** One function. Every field is optional; what is left out takes the default named here. */
export interface FunctionConfig {
  /**
   * The function's code root (what Lambda calls the task root), relative to the project root.
   * Default: `functions/<name>` when that directory exists, else the project root.
   */
  dir?: string;
  /** `path/to/module.export`, resolved from `dir` as AWS's Node.js runtime does. Default `index.handler`. */
  handler?: string;
  /** Memory size in MB, 128 to 10240 (local runs report it). Default 128, as on Lambda. */
  memory?: number;
  /** Timeout in seconds, 1 to 900. Default 3, as on Lambda. */
  timeout?: number;
  /** Environment variables for local runs. */
  environment?: Record<string, string>;
  /** Architectures to build for. Default `["x86_64"]`, as on Lambda. */
  architectures?: Architecture[];
  /** Packages left out of the bundle and shipped as they are in node_modules (native addons). */
  externals?: string[];
  /** Extra files to copy into the function (glob patterns relative to `dir`). */
  include?: string[];
}

export interface ProjectConfig {
  /** Where functions are discovered, relative to the project root. Default `functions`. */
  functionsDir?: string;
  /** Functions by name (letters, digits, `-` and `_`, as Lambda allows). */
  functions?: Record<string, FunctionConfig>;
}

/** Returns its argument; it exists so an editor checks and completes the config. */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}
