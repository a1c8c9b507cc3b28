// The runtime's answer to the invoke it holds (POST /invocation/{id}/response or /error): checked
// against Lambda's limits and settled as the invoke's outcome. A streamed answer goes to the
// caller's sink chunk by chunk; its error, if any, comes in the trailers.
import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { MAX_RESPONSE_BYTES } from "../errors.ts";
import { MAX_STREAMED_RESPONSE_BYTES } from "../streaming/limits.ts";
import type { ApiAnswer } from "./api-answer.ts";
import { errorBody } from "./invoke-types.ts";
import { asErrorJson, trailerError } from "./runtime-answers.ts";
import type { ResponseSink } from "./response-sink.ts";
import type { Active } from "./sandbox-types.ts";

export const ACCEPTED: ApiAnswer = { status: 202, body: { status: "OK" } };

export function acceptResult(current: Active, kind: "response" | "error", body: Buffer, headers: Record<string, string | string[] | undefined>): ApiAnswer {
  current.firstByteAt ??= performance.now();
  current.bytes = body.length;
  if (kind === "error") {
    current.settle({ kind: "error", body: asErrorJson(body, headers["lambda-runtime-function-error-type"]), streamed: false });
    return ACCEPTED;
  }
  if (body.length > MAX_RESPONSE_BYTES) {
    current.settle({
      kind: "error",
      body: errorBody("Function.ResponseSizeTooLarge", `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`),
      streamed: false,
    });
    return { status: 413, body: { errorType: "RequestEntityTooLarge", errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` } };
  }
  const contentType = headers["content-type"];
  current.settle({ kind: "response", body, contentType: typeof contentType === "string" ? contentType : "application/json", streamed: false });
  return ACCEPTED;
}

/**
 * A streamed /response (PROTOCOL §2.1): chunks go to the caller's sink as they arrive, read
 * no faster than the caller takes them; an error arrives in the trailers.
 */
export async function acceptStreamedResult(current: Active, req: IncomingMessage): Promise<ApiAnswer> {
  const contentType = typeof req.headers["content-type"] === "string" ? req.headers["content-type"] : "application/octet-stream";
  const sink = current.sink;
  sink?.begin(current.requestId, contentType);
  // Called through Invoke rather than InvokeWithResponseStream, a streaming function's answer
  // is buffered and held to Invoke's 6 MB, as on Lambda; streamed to a caller, to 200 MiB.
  const limit = sink === undefined ? MAX_RESPONSE_BYTES : MAX_STREAMED_RESPONSE_BYTES;
  const read = await relayBody(current, req, sink, limit);
  if (read.kind === "too-large") {
    const message = `Response payload size exceeded maximum allowed payload size (${limit} bytes).`;
    current.settle({ kind: "error", body: errorBody("Function.ResponseSizeTooLarge", message), streamed: sink !== undefined });
    req.destroy();
    return { status: 413, body: { errorType: "RequestEntityTooLarge", errorMessage: message } };
  }
  if (read.kind === "truncated") {
    // The runtime's connection broke mid-body: a crash settles the invoke through the exit.
    current.settle({ kind: "error", body: errorBody("Runtime.TruncatedResponse", "the runtime's streamed response ended before it was complete"), streamed: sink !== undefined });
    return { status: 400, body: { errorType: "TruncatedHTTPRequest", errorMessage: "truncated body" } };
  }
  const errorType = req.trailers["lambda-runtime-function-error-type"];
  if (errorType) {
    current.settle({ kind: "error", body: trailerError(errorType, req.trailers["lambda-runtime-function-error-body"]), streamed: sink !== undefined });
  } else {
    current.settle({ kind: "response", body: Buffer.concat(read.collected), contentType, streamed: sink !== undefined });
  }
  return ACCEPTED;
}

type BodyRead = { kind: "complete"; collected: Buffer[] } | { kind: "too-large" } | { kind: "truncated" };

/**
 * Passes the body to the sink as it arrives, pausing it while the caller is full. 'data'
 * events rather than an async iterator: no promise per chunk. One socket read of the runtime's
 * body is often two pieces (the end of one HTTP chunk, the start of the next), each a separate
 * write to the caller; the pieces of one turn of the event loop go out as one write instead
 * (writev, not copied into one buffer: that copy was an eighth of the emulator's CPU at 200 MB).
 * The first piece goes at once, for the time to first byte.
 */
function relayBody(current: Active, req: IncomingMessage, sink: ResponseSink | undefined, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const collected: Buffer[] = [];
    let pending: Buffer[] = [];
    let flushQueued = false;
    let size = 0;
    let written: Promise<void> | void;
    const flush = () => {
      flushQueued = false;
      if (sink === undefined || pending.length === 0) return;
      written = sink.write(pending);
      pending = [];
      if (written === undefined) return;
      req.pause();
      void written.then(() => req.resume());
    };
    const finish = (read: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      // 'error' stays listened to: one after the end must not become an uncaught exception.
      flush();
      void Promise.resolve(written).then(() => resolve(read));
    };
    const onData = (chunk: Buffer) => {
      const first = size === 0;
      size += chunk.length;
      current.firstByteAt ??= performance.now();
      current.bytes = size;
      if (size > limit) return finish({ kind: "too-large" });
      if (sink === undefined) return void collected.push(chunk);
      pending.push(chunk);
      if (first) flush();
      else if (!flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
    };
    const onEnd = () => finish({ kind: "complete", collected });
    const onBroken = () => finish({ kind: "truncated" });
    const onClose = () => {
      if (!req.complete) onBroken();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onBroken);
    req.on("close", onClose);
  });
}
