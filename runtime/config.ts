// Function configuration from the environment, read once at start-up.

export type LogFormat = "text" | "json";

export interface RuntimeConfig {
  /** host:port of the Runtime API. */
  runtimeApi: string;
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Export name taken from `_HANDLER` (`file.export`), when set. */
  handlerExport: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = "Runtime.InvalidConfiguration";
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const runtimeApi = env["AWS_LAMBDA_RUNTIME_API"];
  if (!runtimeApi || !/^[^\s/]+:\d+$/.test(runtimeApi)) {
    throw new ConfigError(`AWS_LAMBDA_RUNTIME_API must be host:port, got ${JSON.stringify(runtimeApi ?? "")}`);
  }
  const handler = env["_HANDLER"];
  const dot = handler ? handler.lastIndexOf(".") : -1;
  return {
    runtimeApi,
    functionName: env["AWS_LAMBDA_FUNCTION_NAME"] ?? "",
    functionVersion: env["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST",
    memoryLimitInMB: env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "",
    logGroupName: env["AWS_LAMBDA_LOG_GROUP_NAME"] ?? "",
    logStreamName: env["AWS_LAMBDA_LOG_STREAM_NAME"] ?? "",
    handlerExport: handler && dot > 0 && dot < handler.length - 1 ? handler.slice(dot + 1) : undefined,
  };
}
