// Function configuration from the environment, read once at start-up.
import { parseHandlerSpec, type HandlerSpec } from "./handler-spec.ts";

export type LogFormat = "text" | "json";

export interface RuntimeConfig {
  /** host:port of the Runtime API. */
  runtimeApi: string;
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** `_HANDLER` parsed (`path/to/module.export[.nested]`), when set. */
  handler: HandlerSpec | undefined;
  /** AWS_LAMBDA_MAX_CONCURRENCY: above 1, Lambda Managed Instances sends this many invokes at once. */
  maxConcurrency: number;
}

export class ConfigError extends Error {
  override readonly name = "Runtime.InvalidConfiguration";
}

/** The Runtime API address alone: without it there is nowhere to report any other error. */
export function readRuntimeApi(env: NodeJS.ProcessEnv = process.env): string {
  const runtimeApi = env["AWS_LAMBDA_RUNTIME_API"];
  if (!runtimeApi || !/^[^\s/]+:\d+$/.test(runtimeApi)) {
    throw new ConfigError(`AWS_LAMBDA_RUNTIME_API must be host:port, got ${JSON.stringify(runtimeApi ?? "")}`);
  }
  return runtimeApi;
}

/** Throws ConfigError for a bad Runtime API address, MalformedHandlerName for a bad `_HANDLER`. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const runtimeApi = readRuntimeApi(env);
  const handler = env["_HANDLER"];
  return {
    runtimeApi,
    functionName: env["AWS_LAMBDA_FUNCTION_NAME"] ?? "",
    functionVersion: env["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST",
    memoryLimitInMB: env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "",
    logGroupName: env["AWS_LAMBDA_LOG_GROUP_NAME"] ?? "",
    logStreamName: env["AWS_LAMBDA_LOG_STREAM_NAME"] ?? "",
    handler: handler ? parseHandlerSpec(handler) : undefined,
    maxConcurrency: readMaxConcurrency(env),
  };
}

/** 1 (classic, one invoke at a time) unless AWS_LAMBDA_MAX_CONCURRENCY is a whole number above 1. */
export function readMaxConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env["AWS_LAMBDA_MAX_CONCURRENCY"]);
  return Number.isInteger(value) && value > 1 ? value : 1;
}
