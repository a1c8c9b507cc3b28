// Error classes the runtime reports, and the one function that turns anything thrown into
// Lambda's error shape.

/** Lambda's buffered response limit (PROTOCOL §1.2): 6 MiB + 100 bytes. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
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

export class ImportModuleError extends RuntimeError {
  override readonly name = "Runtime.ImportModuleError";
}

export class UncaughtFault extends RuntimeError {
  override readonly name: string;
  constructor(kind: "UncaughtException" | "UnhandledPromiseRejection", cause: unknown) {
    const shaped = toErrorResponse(cause);
    super(shaped.errorMessage, { cause });
    this.name = `Runtime.${kind}`;
    this.stack = [`${this.name}: ${this.message}`, ...shaped.stackTrace.slice(1)].join("\n");
  }
}

/** Shapes any thrown value as `{errorType, errorMessage, stackTrace}`. */
export function toErrorResponse(thrown: unknown): ErrorResponse {
  if (thrown instanceof Error) {
    const errorType = thrown.name && thrown.name !== "Error" ? thrown.name : thrown.constructor?.name || "Error";
    return {
      errorType,
      errorMessage: thrown.message,
      stackTrace: typeof thrown.stack === "string" ? thrown.stack.split("\n") : [],
    };
  }
  let errorMessage: string;
  try {
    errorMessage = typeof thrown === "string" ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    errorMessage = String(thrown);
  }
  return { errorType: "Error", errorMessage, stackTrace: [] };
}
