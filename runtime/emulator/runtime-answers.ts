// How the runtime's answers become what a caller sees: the error type of an error body, a
// streamed error from the trailers, and any error body made into Lambda's error JSON.
import { errorBody } from "./invoke-types.ts";

export function errorTypeOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { errorType?: unknown };
    return typeof parsed.errorType === "string" ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}

/** A mid-stream error from the trailers: the body trailer is base64 JSON. */
export function trailerError(errorType: string, encodedBody: string | undefined): Buffer {
  if (encodedBody) {
    const decoded = Buffer.from(encodedBody, "base64");
    try {
      const parsed: unknown = JSON.parse(decoded.toString("utf8"));
      if (parsed !== null && typeof parsed === "object") return decoded;
    } catch {
      // fall through
    }
  }
  return errorBody(errorType, "the function failed while streaming its response");
}

/** The caller sees the runtime's error JSON; anything else is wrapped so the shape holds. */
export function asErrorJson(body: Buffer, errorTypeHeader: string | string[] | undefined): Buffer {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return body;
  } catch {
    // fall through
  }
  const errorType = typeof errorTypeHeader === "string" && errorTypeHeader ? errorTypeHeader : "Runtime.Unknown";
  return errorBody(errorType, body.toString("utf8"));
}
