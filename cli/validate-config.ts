// Checks what a config file exported, field by field, so a typo or a wrong value fails with the
// field's path (`functions.orders.memory`) rather than surfacing later in a build or a run.
import type { Architecture, FunctionConfig, ProjectConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { parseHandlerSpec } from "../runtime/handler-spec.ts";

const PROJECT_KEYS = ["functionsDir", "functions"] as const;
const FUNCTION_KEYS = ["dir", "handler", "memory", "timeout", "environment", "architectures", "externals", "include"] as const;
const ARCHITECTURES: readonly Architecture[] = ["x86_64", "arm64"];
/** Lambda's function name rule (the name part of FunctionName). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Lambda's environment variable key rule. */
const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export function validateConfig(value: unknown, file: string): ProjectConfig {
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(`${file}: ${field}: ${problem}`);
  };
  const config = plainObject(value, "the default export", fail);
  unknownKeys(config, PROJECT_KEYS, "", fail);
  const out: ProjectConfig = {};
  if (config["functionsDir"] !== undefined) out.functionsDir = nonEmptyString(config["functionsDir"], "functionsDir", fail);
  if (config["functions"] !== undefined) {
    const functions = plainObject(config["functions"], "functions", fail);
    out.functions = {};
    for (const [name, entry] of Object.entries(functions)) {
      if (!FUNCTION_NAME.test(name)) fail(`functions.${name}`, "a function name is 1 to 64 letters, digits, '-' or '_'");
      out.functions[name] = validateFunction(entry, `functions.${name}`, fail);
    }
  }
  return out;
}

type Fail = (field: string, problem: string) => never;

function validateFunction(value: unknown, at: string, fail: Fail): FunctionConfig {
  const entry = plainObject(value, at, fail);
  unknownKeys(entry, FUNCTION_KEYS, `${at}.`, fail);
  const out: FunctionConfig = {};
  if (entry["dir"] !== undefined) out.dir = nonEmptyString(entry["dir"], `${at}.dir`, fail);
  if (entry["handler"] !== undefined) {
    out.handler = nonEmptyString(entry["handler"], `${at}.handler`, fail);
    try {
      parseHandlerSpec(out.handler);
    } catch (error) {
      fail(`${at}.handler`, (error as Error).message);
    }
  }
  if (entry["memory"] !== undefined) out.memory = integerIn(entry["memory"], 128, 10240, `${at}.memory`, "MB", fail);
  if (entry["timeout"] !== undefined) out.timeout = integerIn(entry["timeout"], 1, 900, `${at}.timeout`, "seconds", fail);
  if (entry["environment"] !== undefined) {
    const env = plainObject(entry["environment"], `${at}.environment`, fail);
    out.environment = {};
    for (const [key, v] of Object.entries(env)) {
      if (!ENV_KEY.test(key)) fail(`${at}.environment.${key}`, "a variable name starts with a letter and has only letters, digits and '_'");
      if (typeof v !== "string") fail(`${at}.environment.${key}`, `expected a string, got ${describe(v)}`);
      out.environment[key] = v as string;
    }
  }
  if (entry["architectures"] !== undefined) {
    const list = stringList(entry["architectures"], `${at}.architectures`, fail);
    if (list.length === 0) fail(`${at}.architectures`, "name at least one of x86_64, arm64");
    for (const [i, arch] of list.entries()) {
      if (!ARCHITECTURES.includes(arch as Architecture)) fail(`${at}.architectures[${i}]`, `${JSON.stringify(arch)} is not one of x86_64, arm64`);
    }
    if (new Set(list).size !== list.length) fail(`${at}.architectures`, "lists an architecture twice");
    out.architectures = list as Architecture[];
  }
  if (entry["externals"] !== undefined) out.externals = stringList(entry["externals"], `${at}.externals`, fail);
  if (entry["include"] !== undefined) out.include = stringList(entry["include"], `${at}.include`, fail);
  return out;
}

function plainObject(value: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(at, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function unknownKeys(object: Record<string, unknown>, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) fail(`${prefix}${key}`, `unknown field (known: ${known.join(", ")})`);
  }
}

function nonEmptyString(value: unknown, at: string, fail: Fail): string {
  if (typeof value !== "string" || value === "") fail(at, `expected a non-empty string, got ${describe(value)}`);
  return value as string;
}

function integerIn(value: unknown, min: number, max: number, at: string, unit: string, fail: Fail): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(at, `expected a whole number of ${unit} from ${min} to ${max}, got ${describe(value)}`);
  }
  return value as number;
}

function stringList(value: unknown, at: string, fail: Fail): string[] {
  if (!Array.isArray(value)) fail(at, `expected an array of strings, got ${describe(value)}`);
  const list = value as unknown[];
  for (const [i, item] of list.entries()) {
    if (typeof item !== "string" || item === "") fail(`${at}[${i}]`, `expected a non-empty string, got ${describe(item)}`);
  }
  return list as string[];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
