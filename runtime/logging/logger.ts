// The runtime's logger: one record per call, carrying the current invoke's request id, filtered
// by AWS_LAMBDA_LOG_LEVEL. Exported to users as `log`.
import { readMaxConcurrency } from "../config.ts";
import { currentInvoke } from "../invoke-store.ts";
import { errorLineText, intoError } from "./error-fields.ts";
import { formatJson, formatterFor, parseFormat, type Formatter } from "./format.ts";
import { isEnabled, parseLevel, type LogLevel } from "./levels.ts";
import { createSink, type Sink } from "./sink.ts";

export type LogMethod = (...args: unknown[]) => void;

export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  /** Writes at a level chosen at run time, ignoring the level filter's no-op shortcut. */
  write(level: LogLevel, args: readonly unknown[]): void;
  /**
   * The runtime's own report of a failure (`Invoke Error`, `Init Error`), at ERROR, as AWS's
   * Node.js runtime writes it: in text, the label then the error as JSON with a `stack` array;
   * in JSON, a record whose message is the error's fields.
   */
  logError(label: string, thrown: unknown): void;
}

const noop: LogMethod = () => {};

export function createLogger(format: Formatter, sink: Sink, threshold: LogLevel | undefined): Logger {
  const write = (level: LogLevel, args: readonly unknown[]): void => {
    if (!isEnabled(level, threshold)) return;
    const invoke = currentInvoke();
    sink(level, format(level, { requestId: invoke?.requestId, tenantId: invoke?.tenantId }, args));
  };
  // Filtered levels are plain no-ops, so a disabled debug call costs nothing.
  const method = (level: LogLevel): LogMethod =>
    isEnabled(level, threshold) ? (...args) => write(level, args) : noop;
  return {
    trace: method("TRACE"),
    debug: method("DEBUG"),
    info: method("INFO"),
    warn: method("WARN"),
    error: method("ERROR"),
    fatal: method("FATAL"),
    write,
    logError: (label, thrown) => {
      const error = intoError(thrown);
      write("ERROR", format === formatJson ? [error] : [label, errorLineText(error)]);
    },
  };
}

export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env): Logger {
  // Lambda Managed Instances take JSON logs only: interleaved invokes are told apart by requestId.
  const format = readMaxConcurrency(env) > 1 ? "json" : parseFormat(env["AWS_LAMBDA_LOG_FORMAT"]);
  return createLogger(formatterFor(format), createSink(format, env), parseLevel(env["AWS_LAMBDA_LOG_LEVEL"]));
}
