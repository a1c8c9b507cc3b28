// streamifyResponse(): marks a handler as streaming. The mark is a module-level WeakSet, not a
// property stamped on the user's function.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type { Context } from "../types.ts";
import type { ResponseStream } from "./response-stream.ts";

export type StreamingHandler<TEvent = any> = (event: TEvent, responseStream: ResponseStream, context: Context) => void | Promise<void>;

const streaming = new WeakSet<Function>();

export function streamifyResponse<TEvent = any>(handler: StreamingHandler<TEvent>): StreamingHandler<TEvent> {
  streaming.add(handler);
  return handler;
}

export const isStreamingHandler = (function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === "function" && streaming.has(handler);
});
