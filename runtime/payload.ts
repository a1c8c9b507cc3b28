// Event decoding and buffered-result encoding for the two serve modes.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import { InvalidRawResponse, MalformedEvent, MAX_RESPONSE_BYTES, ResponseSizeTooLarge, UnserializableResponse } from "./errors.ts";
import type { ServeOptions } from "./types.ts";

export interface EncodedResult {
  body: Uint8Array | string;
  contentType: string;
}

export const decodeEvent = (function decodeEvent(body: Buffer, mode: ServeOptions["mode"]): unknown {
  if (mode === "raw") return body;
  // Lambda invokes with no payload deliver `{}`; an emulator may send nothing at all.
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new MalformedEvent(`event is not valid JSON (${(error as Error).message}); use serve(handler, { mode: "raw" }) for non-JSON events`);
  }
});

export const encodeResult = (function encodeResult(result: unknown, options: ServeOptions): EncodedResult {
  const encoded = options.mode === "raw" ? encodeRaw(result, options.contentType) : encodeJson(result);
  const size = typeof encoded.body === "string" ? sizeForLimitCheck(encoded.body) : encoded.body.byteLength;
  if (size > MAX_RESPONSE_BYTES) throw new ResponseSizeTooLarge(size);
  return encoded;
});

const encodeJson = (function encodeJson(result: unknown): EncodedResult {
  let body: string | undefined;
  try {
    body = JSON.stringify(result);
  } catch (error) {
    throw new UnserializableResponse(`handler result cannot be serialized to JSON: ${(error as Error).message}`, { cause: error });
  }
  // undefined, functions and symbols serialize to nothing; Lambda's Node runtime sends null.
  return { body: body ?? "null", contentType: "application/json" };
});

function encodeRaw(result: unknown, contentType = "application/octet-stream"): EncodedResult {
  if (typeof result === "string" || result instanceof Uint8Array) return { body: result, contentType };
  if (result instanceof ArrayBuffer) return { body: new Uint8Array(result), contentType };
  if (result === undefined || result === null) return { body: "", contentType };
  throw new InvalidRawResponse(`raw mode handlers return a string, Uint8Array or ArrayBuffer, got ${typeof result}`);
}

/** UTF-8 size for the limit check: a string of at most limit/3 UTF-16 units cannot exceed it, so skip counting. */
const sizeForLimitCheck = (function sizeForLimitCheck(text: string): number {
  return text.length * 3 <= MAX_RESPONSE_BYTES ? text.length : Buffer.byteLength(text, "utf8");
});
