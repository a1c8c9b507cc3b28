// One invoke of a streaming handler: the second response kind of the same loop.
import type { Invocation } from "../invocation.ts";
import type { RuntimeApi } from "../routes.ts";
import type { Context } from "../types.ts";
import { createResponseStream, releaseResponseStream, type ResponseStream } from "./response-stream.ts";
import type { StreamingHandler } from "./streamify.ts";

export async function streamInvocation(
  api: RuntimeApi,
  invocation: Invocation,
  handler: StreamingHandler,
  event: () => unknown,
  context: Context,
): Promise<void> {
  const stream = createResponseStream((contentType) => api.openStreamingResponse(invocation.requestId, contentType, invocation.invocationId));
  invocation.attachStream(stream);
  // A write that fails (over the size limit) surfaces here rather than as an 'error' event.
  const { promise: failed, reject: onError } = Promise.withResolvers<never>();
  stream.once("error", onError);
  failed.catch(() => {});
  try {
    try {
      await Promise.race([handler(event(), stream, context), failed]);
      // A handler may return without ending the stream; the response ends with it.
      if (!stream.writableEnded) stream.end();
      await Promise.race([finished(stream), failed]);
    } catch (error) {
      if (!stream.destroyed) stream.destroy();
      await invocation.fail(error);
      return;
    }
    await invocation.succeedStream(stream);
  } finally {
    letGo(stream, onError);
  }
}

/**
 * The stream lets go of this invoke (releaseResponseStream says why). Its 'error' listener led to
 * this invoke's promises and context; one that points at nothing takes its place, so a late
 * error is absorbed as before instead of becoming an uncaught exception.
 */
function letGo(stream: ResponseStream, onError: (error: unknown) => void): void {
  if (stream.listenerCount("error", onError) > 0) {
    stream.removeListener("error", onError);
    stream.once("error", ignoreLateError);
  }
  releaseResponseStream(stream);
}

function ignoreLateError(): void {}

function finished(stream: NodeJS.WritableStream & { writableFinished: boolean }): Promise<void> {
  if (stream.writableFinished) return Promise.resolve();
  return new Promise((resolve) => stream.once("finish", () => resolve()));
}
