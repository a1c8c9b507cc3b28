/**
 * tslambda/extension: write Lambda extensions in TypeScript.
 * @module
 */
export { registerExtension } from "./register.ts";
export type { RunningExtension } from "./register.ts";
export type { ExtensionEvent, ExtensionEventType, ExtensionOptions, InvokeEvent, Registration, ShutdownEvent, Tracing } from "./types.ts";
