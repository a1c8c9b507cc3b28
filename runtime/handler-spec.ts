// `_HANDLER` as AWS's Node.js runtime reads it: `path/to/module.export[.nested…]`. The module is
// everything up to the first dot after the last slash; the rest is a property path into it.
import { MalformedHandlerName } from "./errors.ts";

export interface HandlerSpec {
  /** The module path relative to the task root, without an extension: `src/app`. */
  module: string;
  /** The export, then any nested properties: `["handlers", "main"]`. */
  exportPath: string[];
}

export function parseHandlerSpec(spec: string): HandlerSpec {
  const slash = spec.lastIndexOf("/");
  const base = spec.slice(slash + 1);
  const dot = base.indexOf(".");
  if (dot <= 0 || dot === base.length - 1) {
    throw new MalformedHandlerName(`Bad handler ${JSON.stringify(spec)}: expected path/to/module.export`);
  }
  const module = spec.slice(0, slash + 1) + base.slice(0, dot);
  if (module.split("/").includes("..")) {
    throw new MalformedHandlerName(`Bad handler ${JSON.stringify(spec)}: '..' is not allowed in the module path`);
  }
  const exportPath = base.slice(dot + 1).split(".");
  if (exportPath.some((key) => key === "")) {
    throw new MalformedHandlerName(`Bad handler ${JSON.stringify(spec)}: empty property name`);
  }
  return { module: module.replace(/^\.\//, ""), exportPath };
}
