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
