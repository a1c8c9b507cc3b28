// The fixed account, region, time and ids every sample shares (fixed, so samples are
// reproducible), and the parsing of flag values the samples have in common.
import { createHash } from "node:crypto";
import { UsageError } from "../errors.ts";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
/** 2025-06-01T12:00:00Z: every sample happens at this instant. */
export const EPOCH_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
export const ISO_TIME = new Date(EPOCH_MS).toISOString().replace(".000Z", "Z");

export const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** A UUID derived from a label, so ids differ between records and stay the same between runs. */
export function sampleUuid(label: string): string {
  const h = createHash("sha256").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`);
  }
}

export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  const value = parseJson(text, flag);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${flag} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function parseCount(text: string, flag: string, max: number, min = 1): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return n;
}

export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if (!choices.includes(text as T)) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, not ${JSON.stringify(text)}`);
  return text as T;
}

/** `--headers` as a JSON object of strings. */
export function parseHeaders(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const object = parseJsonObject(text, "--headers");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(object)) {
    if (typeof value !== "string") throw new UsageError(`--headers: the value of ${JSON.stringify(name)} must be a string`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}
