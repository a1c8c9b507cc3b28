// A Telemetry API subscription (PROTOCOL §4.1) and Lambda's validation of it, with its ranges
// and defaults, for both the subscribeTelemetry() client (clear errors before calling Lambda)
// and the emulator (answering as Lambda does).
import type { TelemetryType } from "./types.ts";

export const SCHEMA_VERSIONS = ["2022-07-01", "2022-12-13", "2025-01-29"] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
/** The newest classic (one invoke at a time) schema; 2025-01-29 is required only on LMI. */
export const DEFAULT_SCHEMA_VERSION: SchemaVersion = "2022-12-13";

export const BUFFERING_LIMITS = {
  maxItems: { min: 1_000, max: 10_000, default: 10_000 },
  maxBytes: { min: 262_144, max: 1_048_576, default: 262_144 },
  timeoutMs: { min: 25, max: 30_000, default: 1_000 },
} as const;

export interface Buffering {
  maxItems: number;
  maxBytes: number;
  timeoutMs: number;
}

export type Destination = { protocol: "HTTP"; URI: string } | { protocol: "TCP"; port: number };

export interface Subscription {
  schemaVersion: SchemaVersion;
  types: TelemetryType[];
  buffering: Buffering;
  destination: Destination;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

const TYPES: readonly TelemetryType[] = ["platform", "function", "extension"];

/** Validates a subscription body as Lambda does, filling in the buffering defaults. */
export function validateSubscription(input: unknown): Validated<Subscription> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return fail("the subscription must be a JSON object");
  const body = input as Record<string, unknown>;

  const schemaVersion = body["schemaVersion"];
  if (!SCHEMA_VERSIONS.includes(schemaVersion as SchemaVersion)) {
    return fail(`schemaVersion must be one of ${SCHEMA_VERSIONS.join(", ")}, got ${JSON.stringify(schemaVersion)}`);
  }

  const types = body["types"];
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => !TYPES.includes(t as TelemetryType))) {
    return fail(`types must be a non-empty array of ${TYPES.join(", ")}, got ${JSON.stringify(types)}`);
  }

  const buffering = validateBuffering(body["buffering"] ?? {});
  if (!buffering.ok) return buffering;

  const destination = validateDestination(body["destination"]);
  if (!destination.ok) return destination;

  return { ok: true, value: { schemaVersion: schemaVersion as SchemaVersion, types: [...new Set(types as TelemetryType[])], buffering: buffering.value, destination: destination.value } };
}

export function validateBuffering(input: unknown): Validated<Buffering> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return fail("buffering must be an object");
  const given = input as Record<string, unknown>;
  const out = {} as Buffering;
  for (const key of Object.keys(BUFFERING_LIMITS) as (keyof Buffering)[]) {
    const limits = BUFFERING_LIMITS[key];
    const value = given[key] ?? limits.default;
    if (typeof value !== "number" || !Number.isInteger(value) || value < limits.min || value > limits.max) {
      return fail(`buffering.${key} must be an integer from ${limits.min} to ${limits.max}, got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  return { ok: true, value: out };
}

function validateDestination(input: unknown): Validated<Destination> {
  if (input === null || typeof input !== "object") return fail("destination is required");
  const destination = input as Record<string, unknown>;
  if (destination["protocol"] === "HTTP") {
    const uri = destination["URI"];
    if (typeof uri !== "string" || !/^http:\/\/[^/\s]+(\/\S*)?$/.test(uri)) return fail(`destination.URI must be an http:// URI (no HTTPS), got ${JSON.stringify(uri)}`);
    return { ok: true, value: { protocol: "HTTP", URI: uri } };
  }
  if (destination["protocol"] === "TCP") {
    const port = destination["port"];
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) return fail(`destination.port must be 1 to 65535, got ${JSON.stringify(port)}`);
    return { ok: true, value: { protocol: "TCP", port } };
  }
  return fail(`destination.protocol must be HTTP or TCP, got ${JSON.stringify(destination["protocol"])}`);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
