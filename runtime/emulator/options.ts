// Emulator settings from flags and the environment, with RIE's defaults (PROTOCOL §9.1).
import type { EmulatorConfig } from "./function-spec.ts";
import type { ServerLimits } from "./server-limits.ts";

export interface EmulatorOptions {
  /** Address the invoke API listens on. */
  host: string;
  port: number;
  /** Address of the Function-URL-like HTTP front, when wanted. */
  functionUrl: { host: string; port: number } | undefined;
  /** Every file here starts as an external extension (Lambda's /opt/extensions). */
  extensionsDir: string;
  /** The bootstrap command: executable and arguments. */
  command: string[];
  functionName: string;
  functionVersion: string;
  memorySizeMB: number;
  timeoutSeconds: number;
  /** Invokes that may wait for the environment; past that, callers get 429 as from Lambda. */
  maxQueuedInvokes: number;
  /** --max-concurrency: runs the function as a Lambda Managed Instances environment (AWS_LAMBDA_MAX_CONCURRENCY). */
  maxConcurrency: number | undefined;
  limits: ServerLimits;
}

export class EmulatorUsageError extends Error {
  override readonly name = "EmulatorUsageError";
}

export const USAGE = `usage: tslambda-emulator [--address host:port] [--function-url host:port] [--] <bootstrap command...>
  --address        invoke API address (default 0.0.0.0:8080; env TSLAMBDA_EMULATOR_ADDRESS)
  --function-url   also answer plain HTTP like a Function URL (env TSLAMBDA_FUNCTION_URL_ADDRESS)
  --max-concurrency N  Lambda Managed Instances: N invokes at once (env AWS_LAMBDA_MAX_CONCURRENCY)
environment: AWS_LAMBDA_FUNCTION_TIMEOUT (s, default 300), AWS_LAMBDA_FUNCTION_MEMORY_SIZE (MB, default 3008),
  AWS_LAMBDA_FUNCTION_NAME (default test_function), AWS_LAMBDA_FUNCTION_VERSION (default $LATEST),
  TSLAMBDA_EXTENSIONS_DIR (default /opt/extensions), TSLAMBDA_MAX_QUEUED_INVOKES (default 100),
  TSLAMBDA_MAX_CONNECTIONS (default 256), TSLAMBDA_HEADERS_TIMEOUT_MS (default 5000),
  TSLAMBDA_REQUEST_TIMEOUT_MS (default 60000), TSLAMBDA_IDLE_TIMEOUT_MS (default 5000)`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): EmulatorOptions {
  let address = env["TSLAMBDA_EMULATOR_ADDRESS"] || "0.0.0.0:8080";
  let functionUrl = env["TSLAMBDA_FUNCTION_URL_ADDRESS"] || undefined;
  let maxConcurrency: string | undefined;
  const command: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (command.length === 0 && (arg === "--address" || arg === "--runtime-interface-emulator-address")) {
      address = argv[++i] ?? "";
    } else if (command.length === 0 && arg === "--function-url") {
      functionUrl = argv[++i] ?? "";
    } else if (command.length === 0 && arg === "--max-concurrency") {
      maxConcurrency = argv[++i] ?? "";
    } else if (command.length === 0 && arg === "--") {
      command.push(...argv.slice(i + 1));
      break;
    } else {
      command.push(arg);
    }
  }
  if (command.length === 0) throw new EmulatorUsageError(`no bootstrap command given\n${USAGE}`);
  const invoke = parseAddress(address);
  return {
    ...invoke,
    functionUrl: functionUrl === undefined ? undefined : parseAddress(functionUrl),
    extensionsDir: env["TSLAMBDA_EXTENSIONS_DIR"] || "/opt/extensions",
    command,
    functionName: env["AWS_LAMBDA_FUNCTION_NAME"] || "test_function",
    functionVersion: env["AWS_LAMBDA_FUNCTION_VERSION"] || "$LATEST",
    memorySizeMB: positive(env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 3008),
    timeoutSeconds: positive(env, "AWS_LAMBDA_FUNCTION_TIMEOUT", 300),
    maxQueuedInvokes: whole(env, "TSLAMBDA_MAX_QUEUED_INVOKES", 100),
    maxConcurrency: maxConcurrency === undefined ? undefined : whole({ "--max-concurrency": maxConcurrency }, "--max-concurrency", 1),
    limits: {
      headersTimeoutMs: whole(env, "TSLAMBDA_HEADERS_TIMEOUT_MS", 5000),
      requestTimeoutMs: whole(env, "TSLAMBDA_REQUEST_TIMEOUT_MS", 60_000),
      idleTimeoutMs: whole(env, "TSLAMBDA_IDLE_TIMEOUT_MS", 5000),
      maxConnections: whole(env, "TSLAMBDA_MAX_CONNECTIONS", 256),
    },
  };
}

/** The command line's one function, as the emulator's configuration. */
export function toEmulatorConfig(options: EmulatorOptions): EmulatorConfig {
  return {
    host: options.host,
    port: options.port,
    limits: options.limits,
    maxQueuedInvokes: options.maxQueuedInvokes,
    functions: [
      {
        name: options.functionName,
        version: options.functionVersion,
        command: options.command,
        memorySizeMB: options.memorySizeMB,
        timeoutSeconds: options.timeoutSeconds,
        extensionsDir: options.extensionsDir,
        functionUrl: options.functionUrl,
        ...(options.maxConcurrency !== undefined ? { env: { AWS_LAMBDA_MAX_CONCURRENCY: String(options.maxConcurrency) } } : {}),
      },
    ],
  };
}

function parseAddress(address: string): { host: string; port: number } {
  const sep = address.lastIndexOf(":");
  const port = Number(address.slice(sep + 1));
  if (sep < 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EmulatorUsageError(`address must be host:port, got ${JSON.stringify(address)}`);
  }
  return { host: address.slice(0, sep).replace(/^\[(.*)\]$/, "$1"), port };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new EmulatorUsageError(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = positive(env, name, fallback);
  if (!Number.isInteger(value)) throw new EmulatorUsageError(`${name} must be a whole number, got ${JSON.stringify(env[name])}`);
  return value;
}
