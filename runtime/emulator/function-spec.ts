// One emulated function as the emulator runs it, and the emulator's settings around its
// functions: what `startEmulator` takes, from the command line or from `tslambda dev`.
import { randomBytes } from "node:crypto";
import type { ServerLimits } from "./server-limits.ts";

export interface FunctionSpec {
  /** The name callers invoke it by (`/2015-03-31/functions/<name>/invocations`). */
  name: string;
  /** The bootstrap command: executable and arguments. */
  command: string[];
  /** Variables the function sees besides the emulator's own environment (these win). */
  env?: Record<string, string> | undefined;
  version?: string | undefined;
  memorySizeMB: number;
  timeoutSeconds: number;
  /** Every file here starts as an external extension (Lambda's /opt/extensions). */
  extensionsDir: string;
  /** Also answer plain HTTP for this function like a Function URL, on this address. */
  functionUrl?: { host: string; port: number } | undefined;
}

export interface EmulatorConfig {
  functions: FunctionSpec[];
  /** Address the invoke API listens on (port 0: any free port). */
  host: string;
  port: number;
  limits: ServerLimits;
  /** Invokes that may wait for a function's environment; past that, callers get 429 as from Lambda. */
  maxQueuedInvokes: number;
}

export const DEFAULT_VERSION = "$LATEST";

export function versionOf(spec: FunctionSpec): string {
  return spec.version ?? DEFAULT_VERSION;
}

/**
 * Invokes one environment takes at once: AWS_LAMBDA_MAX_CONCURRENCY of the function (its own
 * env, then the emulator's). Above 1 it runs as a Lambda Managed Instances environment.
 */
export function maxConcurrencyOf(spec: FunctionSpec): number {
  const value = Number(spec.env?.["AWS_LAMBDA_MAX_CONCURRENCY"] ?? process.env["AWS_LAMBDA_MAX_CONCURRENCY"]);
  return Number.isInteger(value) && value > 1 ? value : 1;
}

export function functionArn(name: string): string {
  return `arn:aws:lambda:${process.env["AWS_REGION"] ?? "us-east-1"}:012345678912:function:${name}`;
}

/** "snap-start" when the function's env or the emulator's asks for the SnapStart rehearsal. */
export function initializationTypeOf(spec: FunctionSpec): "snap-start" | "on-demand" {
  const asked = spec.env?.["AWS_LAMBDA_INITIALIZATION_TYPE"] ?? process.env["AWS_LAMBDA_INITIALIZATION_TYPE"];
  return asked === "snap-start" ? "snap-start" : "on-demand";
}

/** The environment a new runtime process starts with: Lambda's variables over the caller's. */
export function functionEnv(spec: FunctionSpec, runtimeApi: string, metadataToken = ""): NodeJS.ProcessEnv {
  const version = versionOf(spec);
  return {
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: process.env["AWS_REGION"] ?? "us-east-1",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[${version}]${randomBytes(16).toString("hex")}`,
    ...process.env,
    ...spec.env,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMB),
    AWS_LAMBDA_INITIALIZATION_TYPE: maxConcurrencyOf(spec) > 1 ? "lambda-managed-instances" : initializationTypeOf(spec),
    // Lambda serves the metadata endpoint on the Runtime API's address.
    AWS_LAMBDA_METADATA_API: runtimeApi,
    AWS_LAMBDA_METADATA_TOKEN: metadataToken,
  };
}
