// Error classes the runtime reports, and the one function that turns anything thrown into
// Lambda's error shape.
import { mapFrames } from "./stack/map-frames.ts";

/** Lambda's buffered response limit (PROTOCOL §1.2): 6 MiB + 100 bytes. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** The body of /invocation/{id}/error and /init/error, as AWS's Node.js runtime sends it. */
export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  /** The stack's lines, frames mapped to the TypeScript sources when the bundle has a map. */
  trace: string[];
}

/** Base of the errors the runtime raises itself; `name` is the Lambda error type. */
export abstract class RuntimeError extends Error {
  abstract override readonly name: string;
}

export class ResponseSizeTooLarge extends RuntimeError {
  override readonly name = "Function.ResponseSizeTooLarge";
  constructor(size: number, limit = MAX_RESPONSE_BYTES) {
    super(`Response payload size (${size} bytes) exceeded maximum allowed payload size (${limit} bytes).`);
  }
}

export class MalformedEvent extends RuntimeError {
  override readonly name = "Runtime.MalformedEvent";
}

export class UnserializableResponse extends RuntimeError {
  override readonly name = "Runtime.UnserializableResponse";
}

export class InvalidRawResponse extends RuntimeError {
  override readonly name = "Runtime.InvalidRawResponse";
}

export class MalformedHandlerName extends RuntimeError {
  override readonly name = "Runtime.MalformedHandlerName";
}

export class HandlerNotFound extends RuntimeError {
  override readonly name = "Runtime.HandlerNotFound";
}

export class CallbackHandlerDeprecated extends RuntimeError {
  override readonly name = "Runtime.CallbackHandlerDeprecated";
}

/** The function module (or one it imports) cannot be found: AWS's message is the cause's text. */
export class ImportModuleError extends RuntimeError {
  override readonly name = "Runtime.ImportModuleError";
  constructor(cause: Error) {
    super(String(cause), { cause });
  }
}

/** The function's code does not parse: reported with the SyntaxError's own stack. */
export class UserCodeSyntaxError extends RuntimeError {
  override readonly name = "Runtime.UserCodeSyntaxError";
  constructor(cause: SyntaxError) {
    super(String(cause), { cause });
    if (cause.stack !== undefined) this.stack = cause.stack;
  }
}

export class UncaughtFault extends RuntimeError {
  override readonly name: string;
  constructor(kind: "UncaughtException" | "UnhandledPromiseRejection", cause: unknown) {
    const shaped = toErrorResponse(cause);
    super(shaped.errorMessage, { cause });
    this.name = `Runtime.${kind}`;
    this.stack = [`${this.name}: ${this.message}`, ...shaped.trace.slice(1)].join("\n");
  }
}

/** Shapes any thrown value as `{errorType, errorMessage, trace}`. */
export function toErrorResponse(thrown: unknown): ErrorResponse {
  if (thrown instanceof Error) {
    const errorType = thrown.name && thrown.name !== "Error" ? thrown.name : thrown.constructor?.name || "Error";
    return {
      errorType,
      errorMessage: thrown.message,
      trace: typeof thrown.stack === "string" ? mapFrames(thrown.stack).split("\n") : [],
    };
  }
  let errorMessage: string;
  try {
    errorMessage = typeof thrown === "string" ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    errorMessage = String(thrown);
  }
  return { errorType: "Error", errorMessage, trace: [] };
}
