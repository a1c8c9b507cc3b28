// Turns one log call into one record: tab-separated text, or one JSON object, as AWS's Node.js
// runtime writes them (PROTOCOL §5.2).
import type * as Util from "node:util";
import type { LogLevel } from "./levels.ts";
import type { LogFormat } from "../config.ts";
import { toErrorResponse } from "../errors.ts";

const util = process.getBuiltinModule("node:util") as typeof Util;

export interface RecordScope {
  requestId: string | undefined;
  tenantId: string | undefined;
}

export type Formatter = (level: LogLevel, scope: RecordScope, args: readonly unknown[]) => string;

export function formatText(level: LogLevel, scope: RecordScope, args: readonly unknown[]): string {
  return `${new Date().toISOString()}\t${scope.requestId ?? ""}\t${level}\t${util.format(...args)}\n`;
}

export function formatJson(level: LogLevel, scope: RecordScope, args: readonly unknown[]): string {
  const record: Record<string, unknown> = {
    timestamp: new Date().toISOString(),
    level,
    requestId: scope.requestId,
  };
  if (scope.tenantId !== undefined) record["tenantId"] = scope.tenantId;
  record["message"] = util.format(...args);
  const error = args.find((arg) => arg instanceof Error);
  if (error !== undefined) {
    const shaped = toErrorResponse(error);
    record["errorType"] = shaped.errorType;
    record["errorMessage"] = shaped.errorMessage;
    record["stackTrace"] = shaped.stackTrace;
  }
  try {
    return JSON.stringify(record);
  } catch {
    // A BigInt or similar in the scope cannot break logging.
    return JSON.stringify({ ...record, message: String(record["message"]) });
  }
}

export function formatterFor(format: LogFormat): Formatter {
  return format === "json" ? formatJson : formatText;
}

/** AWS_LAMBDA_LOG_FORMAT is compared case-insensitively; anything but JSON means text. */
export function parseFormat(value: string | undefined): LogFormat {
  return value?.trim().toLowerCase() === "json" ? "json" : "text";
}
