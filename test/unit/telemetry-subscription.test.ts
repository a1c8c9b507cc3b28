import { describe, expect, it } from "vitest";
import { validateBuffering, validateSubscription } from "../../runtime/telemetry/subscription.ts";

const valid = { schemaVersion: "2022-12-13", types: ["platform", "function"], destination: { protocol: "HTTP", URI: "http://sandbox.localdomain:4243/telemetry" } };

describe("Telemetry API subscription validation (Lambda's ranges and defaults)", () => {
  it("accepts a valid subscription and fills in the buffering defaults", () => {
    expect(validateSubscription(valid)).toEqual({
      ok: true,
      value: { ...valid, buffering: { maxItems: 10_000, maxBytes: 262_144, timeoutMs: 1_000 } },
    });
  });

  it("checks every buffering field against its range, inclusive", () => {
    expect(validateBuffering({ maxItems: 1_000, maxBytes: 1_048_576, timeoutMs: 25 })).toEqual({ ok: true, value: { maxItems: 1_000, maxBytes: 1_048_576, timeoutMs: 25 } });
    expect(validateBuffering({ maxItems: 999 })).toEqual({ ok: false, message: "buffering.maxItems must be an integer from 1000 to 10000, got 999" });
    expect(validateBuffering({ maxBytes: 2_000_000 })).toMatchObject({ ok: false, message: expect.stringContaining("buffering.maxBytes") });
    expect(validateBuffering({ timeoutMs: 30_001 })).toMatchObject({ ok: false, message: expect.stringContaining("from 25 to 30000") });
    expect(validateBuffering({ timeoutMs: 100.5 })).toMatchObject({ ok: false });
  });

  it("rejects unknown schema versions, empty or unknown types, and bad destinations", () => {
    expect(validateSubscription({ ...valid, schemaVersion: "2020-01-01" })).toMatchObject({ ok: false, message: expect.stringContaining("schemaVersion must be one of 2022-07-01, 2022-12-13, 2025-01-29") });
    expect(validateSubscription({ ...valid, types: [] })).toMatchObject({ ok: false, message: expect.stringContaining("non-empty") });
    expect(validateSubscription({ ...valid, types: ["platform", "metrics"] })).toMatchObject({ ok: false });
    expect(validateSubscription({ ...valid, destination: { protocol: "HTTP", URI: "https://sandbox.localdomain:1/" } })).toMatchObject({ ok: false, message: expect.stringContaining("no HTTPS") });
    expect(validateSubscription({ ...valid, destination: { protocol: "TCP", port: 70_000 } })).toMatchObject({ ok: false });
    expect(validateSubscription({ ...valid, destination: { protocol: "TCP", port: 4244 } })).toMatchObject({ ok: true });
    expect(validateSubscription([])).toMatchObject({ ok: false });
  });
});
