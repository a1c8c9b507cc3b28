// One invoke of a streaming handler: the second response kind of the same loop.
import type { Invocation } from "../invocation.ts";
import type { RuntimeApi } from "../routes.ts";
import type { Context } from "../types.ts";
import { createResponseStream } from "./response-stream.ts";
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
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => {});
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
}

function finished(stream: NodeJS.WritableStream & { writableFinished: boolean }): Promise<void> {
  if (stream.writableFinished) return Promise.resolve();
  return new Promise((resolve) => stream.once("finish", () => resolve()));
}
