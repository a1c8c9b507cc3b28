// serve(): the one call a function module makes.
import { register } from "./start.ts";
import type { Handler, RawHandler, ServeOptions } from "./types.ts";

/**
 * Serves `handler` on Lambda's Runtime API (or, with no Runtime API, in the local emulator).
 *
 * @example
 * serve(async (event, context) => ({ hello: "world", requestId: context.awsRequestId }));
 * serve(async (bytes) => bytes, { mode: "raw" });
 */
export function serve<TEvent = any, TResult = unknown>(handler: Handler<TEvent, TResult>, options?: ServeOptions & { mode?: "json" }): void;
export function serve(handler: RawHandler, options: ServeOptions & { mode: "raw" }): void;
export function serve(handler: Handler | RawHandler, options: ServeOptions = {}): void {
  register(handler as Handler, options);
}
