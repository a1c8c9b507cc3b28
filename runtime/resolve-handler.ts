// Finds the function's handler as AWS's Node.js runtime does: the one given to serve() wins;
// otherwise `_HANDLER`'s export path is followed into the module (then into its default export,
// for CommonJS modules imported as ESM), and nothing else is tried. Without `_HANDLER` (a module
// run locally with no configuration) the `handler` export, then the default export.
import { CallbackHandlerDeprecated, HandlerNotFound } from "./errors.ts";
import type { HandlerSpec } from "./handler-spec.ts";
import { isStreamingHandler } from "./streaming/streamify.ts";
import type { Handler } from "./types.ts";

export function resolveHandler(module: Record<string, unknown>, spec: HandlerSpec | undefined, served?: Handler): Handler {
  if (served !== undefined) return checkSignature(served, "given to serve()");
  if (spec === undefined) return resolveUnconfigured(module);
  const name = `${spec.module}.${spec.exportPath.join(".")}`;
  const found = follow(module, spec.exportPath) || follow(module["default"], spec.exportPath);
  if (!found) throw new HandlerNotFound(`${name} is undefined or not exported`);
  if (typeof found !== "function") throw new HandlerNotFound(`${name} is not a function`);
  return checkSignature(found as Handler, name);
}

function resolveUnconfigured(module: Record<string, unknown>): Handler {
  const name = ["handler", "default"].find((candidate) => typeof module[candidate] === "function");
  if (name === undefined) {
    throw new HandlerNotFound('no handler: call serve(handler), export a function named "handler" or set _HANDLER (file.export)');
  }
  return checkSignature(module[name] as Handler, `"${name}"`);
}

/** The value at `path` inside `root`, or undefined as soon as a step is not an object. */
function follow(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
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
