// A project as the CLI sees it: every `functions/<name>/` with an index file is a function, and
// an optional tslambda.config.ts adds functions or changes them. Returns one fully resolved list.
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Architecture, FunctionConfig, ProjectConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { FUNCTION_NAME, validateConfig } from "./validate-config.ts";
import { parseHandlerSpec } from "../runtime/handler-spec.ts";

/** One function with every default applied; paths are absolute. */
export interface LambdaFunction {
  name: string;
  /** The code root (Lambda's task root). */
  dir: string;
  /** `path/to/module.export`, relative to `dir`. */
  handler: string;
  memoryMB: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  architectures: Architecture[];
  externals: string[];
  include: string[];
}

export interface Project {
  root: string;
  /** The config file used, or undefined with zero config. */
  configFile: string | undefined;
  /** Sorted by name. */
  functions: LambdaFunction[];
}

export const CONFIG_FILES = ["tslambda.config.ts", "tslambda.config.mts", "tslambda.config.js", "tslambda.config.mjs"] as const;
/** The files a module path may resolve to, in the order the build tries them. */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".cjs"] as const;
const DEFAULTS = { handler: "index.handler", memoryMB: 128, timeoutSeconds: 3, architectures: ["x86_64"] as Architecture[] };

export async function loadProject(rootDir: string): Promise<Project> {
  const root = resolve(rootDir);
  const configFile = await findConfigFile(root);
  const config = configFile === undefined ? {} : await importConfig(configFile);
  const shown = configFile === undefined ? "" : relative(root, configFile);
  const functionsDir = resolve(root, config.functionsDir ?? "functions");
  const discovered = await discover(functionsDir);
  const names = new Set([...discovered.keys(), ...Object.keys(config.functions ?? {})]);
  const functions: LambdaFunction[] = [];
  for (const name of [...names].sort()) {
    const entry: FunctionConfig = config.functions?.[name] ?? {};
    const dir = entry.dir !== undefined ? resolve(root, entry.dir) : (discovered.get(name) ?? root);
    const fn: LambdaFunction = {
      name,
      dir,
      handler: entry.handler ?? DEFAULTS.handler,
      memoryMB: entry.memory ?? DEFAULTS.memoryMB,
      timeoutSeconds: entry.timeout ?? DEFAULTS.timeoutSeconds,
      environment: entry.environment ?? {},
      architectures: entry.architectures ?? DEFAULTS.architectures,
      externals: entry.externals ?? [],
      include: entry.include ?? [],
    };
    await checkOnDisk(fn, `${shown || functionsDir}: functions.${name}`, entry);
    functions.push(fn);
  }
  return { root, configFile, functions };
}

/** Looks a function up by name, with the known names in the error. */
export function findFunction(project: Project, name: string): LambdaFunction {
  const fn = project.functions.find((f) => f.name === name);
  if (fn === undefined) {
    const known = project.functions.map((f) => f.name).join(", ") || "none";
    throw new ConfigError(`no function named ${JSON.stringify(name)} in ${project.root} (functions: ${known})`);
  }
  return fn;
}

async function findConfigFile(root: string): Promise<string | undefined> {
  const present: string[] = [];
  for (const name of CONFIG_FILES) if (await isFile(join(root, name))) present.push(name);
  if (present.length > 1) throw new ConfigError(`${root} has ${present.join(" and ")}; keep one`);
  return present[0] === undefined ? undefined : join(root, present[0]);
}

async function importConfig(file: string): Promise<ProjectConfig> {
  let module: { default?: unknown };
  try {
    // Outside node_modules Node.js strips the types of a .ts config itself.
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`${file}: cannot load it: ${(error as Error).message}`);
  }
  if (module.default === undefined) {
    throw new ConfigError(`${file}: has no default export; write export default defineConfig({ ... })`);
  }
  return validateConfig(module.default, file);
}

/** `functions/<name>/` directories holding an index file, by name. */
async function discover(functionsDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const entries = await readdir(functionsDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(functionsDir, entry.name);
    if ((await moduleFile(dir, "index")) === undefined) continue;
    if (!FUNCTION_NAME.test(entry.name)) {
      throw new ConfigError(`${dir}: ${JSON.stringify(entry.name)} cannot be a function name (1 to 64 letters, digits, '-' or '_')`);
    }
    found.set(entry.name, dir);
  }
  return found;
}

async function checkOnDisk(fn: LambdaFunction, at: string, entry: FunctionConfig): Promise<void> {
  if (!(await isDirectory(fn.dir))) {
    throw new ConfigError(`${at}.dir: ${fn.dir} is not a directory`);
  }
  const { module } = parseHandlerSpec(fn.handler);
  if ((await moduleFile(fn.dir, module)) === undefined) {
    const field = entry.handler === undefined ? "handler (default index.handler)" : "handler";
    throw new ConfigError(`${at}.${field}: no ${module}${MODULE_EXTENSIONS.join(", " + module)} in ${fn.dir}`);
  }
}

async function moduleFile(dir: string, module: string): Promise<string | undefined> {
  for (const ext of MODULE_EXTENSIONS) {
    if (await isFile(join(dir, module + ext))) return join(dir, module + ext);
  }
  return undefined;
}

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);
const isDirectory = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);
