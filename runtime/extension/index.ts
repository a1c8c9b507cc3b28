/**
 * tslambda/extension: write Lambda extensions in TypeScript.
 * @module
 */
export { registerExtension } from "./register.ts";
export type { RunningExtension } from "./register.ts";
export { subscribeTelemetry, TelemetryConfigError, TelemetryNotSupported } from "./telemetry.ts";
export type { TelemetryOptions, TelemetrySubscription } from "./telemetry.ts";
export type * from "../telemetry/types.ts";
export type { Buffering, SchemaVersion } from "../telemetry/subscription.ts";
export type { ExtensionEvent, ExtensionEventType, ExtensionOptions, InvokeEvent, Registration, ShutdownEvent, Tracing } from "./types.ts";
