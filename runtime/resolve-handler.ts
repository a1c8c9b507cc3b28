// Finds the function's handler: the one given to serve(), else the module's export named by
// _HANDLER, `handler` or the default export, as AWS's Node.js runtime would.
import { CallbackHandlerDeprecated, HandlerNotFound } from "./errors.ts";
import { isStreamingHandler } from "./streaming/streamify.ts";
import type { Handler } from "./types.ts";

export function resolveHandler(module: Record<string, unknown>, exportName: string | undefined, served?: Handler): Handler {
  if (served !== undefined) return checkSignature(served, "given to serve()");
  const names = [exportName, "handler", "default"].filter((name): name is string => name !== undefined);
  const name = names.find((candidate) => typeof module[candidate] === "function");
  if (name === undefined) {
    throw new HandlerNotFound(
      `no handler: call serve(handler) or export a function named ${names.map((n) => `"${n}"`).join(" or ")}`,
    );
  }
  return checkSignature(module[name] as Handler, `"${name}"`);
}

function checkSignature(handler: Handler, which: string): Handler {
  // A streaming handler takes (event, responseStream, context): three parameters by design.
  if (handler.length >= 3 && !isStreamingHandler(handler)) {
    throw new CallbackHandlerDeprecated(
      `the handler ${which} takes ${handler.length} parameters: callback-style handlers are not supported on Node.js 24, as on AWS Lambda. ` +
        "Make it an async function (event, context) that returns its result or throws.",
    );
  }
  return handler;
}
