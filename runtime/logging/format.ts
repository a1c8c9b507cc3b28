// Turns one log call into one record: tab-separated text, or one JSON object, as AWS's Node.js
// runtime writes them (PROTOCOL §5.2).
import type * as Util from "node:util";
import type { LogLevel } from "./levels.ts";
import type { LogFormat } from "../config.ts";
import { mapFrames } from "../stack/map-frames.ts";
import { errorReplacer, loggedErrorFields } from "./error-fields.ts";

const util = process.getBuiltinModule("node:util") as typeof Util;

export interface RecordScope {
  requestId: string | undefined;
  tenantId: string | undefined;
}

export type Formatter = (level: LogLevel, scope: RecordScope, args: readonly unknown[]) => string;

export function formatText(level: LogLevel, scope: RecordScope, args: readonly unknown[]): string {
  return `${new Date().toISOString()}\t${scope.requestId ?? ""}\t${level}\t${mapFrames(util.format(...args))}\n`;
}

/**
 * One JSON object per call, as AWS's Node.js runtime writes it: a single argument is the
 * `message` as is (an object stays JSON, Errors inside become their fields; if it cannot be
 * serialized, its util.format text); several arguments are util.format'ed into a string, and
 * the first Error after the first argument adds errorType, errorMessage and stackTrace.
 */
export function formatJson(level: LogLevel, scope: RecordScope, args: readonly unknown[]): string {
  const record: Record<string, unknown> = {
    timestamp: new Date().toISOString(),
    level,
    requestId: scope.requestId,
  };
  if (scope.tenantId !== undefined) record["tenantId"] = scope.tenantId;
  const [first, ...rest] = args;
  if (rest.length === 0) {
    record["message"] = first;
    try {
      return JSON.stringify(record, errorReplacer);
    } catch {
      record["message"] = mapFrames(util.format(first));
      return JSON.stringify(record);
    }
  }
  record["message"] = mapFrames(util.format(...args));
  const error = rest.find((arg) => arg instanceof Error);
  if (error !== undefined) Object.assign(record, loggedErrorFields(error));
  return JSON.stringify(record);
}

export function formatterFor(format: LogFormat): Formatter {
  return format === "json" ? formatJson : formatText;
}

/** AWS_LAMBDA_LOG_FORMAT is compared case-insensitively; anything but JSON means text. */
export function parseFormat(value: string | undefined): LogFormat {
  return value?.trim().toLowerCase() === "json" ? "json" : "text";
}
