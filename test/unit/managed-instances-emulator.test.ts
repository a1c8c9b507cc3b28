// What a Lambda Managed Instances environment refuses or sets differently from a classic one.
import { describe, expect, it } from "vitest";
import { ExtensionHost } from "../../runtime/emulator/extension-host.ts";
import { functionEnv, maxConcurrencyOf, type FunctionSpec } from "../../runtime/emulator/function-spec.ts";
import { parseOptions, toEmulatorConfig } from "../../runtime/emulator/options.ts";
import { TelemetryHub } from "../../runtime/emulator/telemetry-hub.ts";

const spec = (env?: Record<string, string>): FunctionSpec => ({ name: "fn", command: ["x"], memorySizeMB: 128, timeoutSeconds: 3, extensionsDir: "/none", env });
const events = (list: string[]) => Buffer.from(JSON.stringify({ events: list }));

describe("Managed Instances in the emulator", () => {
  it("refuses an extension that registers for INVOKE with 403 Extension.InvalidEventType; classic mode takes it", () => {
    const host = new ExtensionHost(() => {}, () => ({ functionName: "fn", functionVersion: "$LATEST" }));
    host.managedInstances = true;
    expect(host.register("watcher", events(["INVOKE"]), undefined).answer).toMatchObject({ status: 403, body: { errorType: "Extension.InvalidEventType" } });
    expect(host.register("quiet", events([]), undefined).answer.status).toBe(200);
    const classic = new ExtensionHost(() => {}, () => ({ functionName: "fn", functionVersion: "$LATEST" }));
    expect(classic.register("watcher", events(["INVOKE"]), undefined).answer.status).toBe(200);
  });

  it("takes a telemetry subscription only with schema 2025-01-29", () => {
    const hub = new TelemetryHub();
    hub.requiredSchema = "2025-01-29";
    const body = (schemaVersion: string) => Buffer.from(JSON.stringify({ schemaVersion, types: ["platform"], destination: { protocol: "HTTP", URI: "http://sandbox.localdomain:4243/t" } }));
    expect(hub.subscribe("ext", body("2022-12-13"))).toMatchObject({ status: 400, body: { errorType: "ValidationError" } });
    expect(hub.subscribe("ext", body("2025-01-29")).status).toBe(200);
  });

  it("is on when AWS_LAMBDA_MAX_CONCURRENCY > 1 is in the function's environment or --max-concurrency is given", () => {
    expect(maxConcurrencyOf(spec())).toBe(1);
    expect(maxConcurrencyOf(spec({ AWS_LAMBDA_MAX_CONCURRENCY: "16" }))).toBe(16);
    expect(functionEnv(spec({ AWS_LAMBDA_MAX_CONCURRENCY: "16" }), "127.0.0.1:1")["AWS_LAMBDA_INITIALIZATION_TYPE"]).toBe("lambda-managed-instances");
    expect(functionEnv(spec(), "127.0.0.1:1")["AWS_LAMBDA_INITIALIZATION_TYPE"]).toBe("on-demand");
    const [fromFlag] = toEmulatorConfig(parseOptions(["--max-concurrency", "8", "bootstrap"], {})).functions;
    expect(maxConcurrencyOf(fromFlag!)).toBe(8);
    expect(() => parseOptions(["--max-concurrency", "lots", "bootstrap"], {})).toThrow(/--max-concurrency/);
  });
});
