import { describe, expect, it } from "vitest";
import { EmulatorUsageError, parseOptions } from "../../runtime/emulator/options.ts";
import { endLine, reportLine, startLine } from "../../runtime/emulator/report.ts";

describe("emulator options", () => {
  it("defaults like AWS's emulator", () => {
    expect(parseOptions(["./bootstrap"], {})).toEqual({
      host: "0.0.0.0",
      port: 8080,
      command: ["./bootstrap"],
      functionName: "test_function",
      functionVersion: "$LATEST",
      memorySizeMB: 3008,
      timeoutSeconds: 300,
      functionUrl: undefined,
      extensionsDir: "/opt/extensions",
      maxQueuedInvokes: 100,
      limits: { headersTimeoutMs: 5000, requestTimeoutMs: 60_000, idleTimeoutMs: 5000, maxConnections: 256 },
    });
  });

  it("takes the resource bounds from the environment", () => {
    const options = parseOptions(["x"], { TSLAMBDA_MAX_QUEUED_INVOKES: "3", TSLAMBDA_HEADERS_TIMEOUT_MS: "250", TSLAMBDA_MAX_CONNECTIONS: "8" });
    expect(options).toMatchObject({ maxQueuedInvokes: 3, limits: { headersTimeoutMs: 250, maxConnections: 8 } });
    expect(() => parseOptions(["x"], { TSLAMBDA_MAX_QUEUED_INVOKES: "2.5" })).toThrow(/TSLAMBDA_MAX_QUEUED_INVOKES must be a whole number/);
  });

  it("reads the address flag, the command after --, and the function environment", () => {
    const options = parseOptions(["--address", "127.0.0.1:0", "--", "node", "--flag", "b.mjs"], {
      AWS_LAMBDA_FUNCTION_TIMEOUT: "3",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
      AWS_LAMBDA_FUNCTION_NAME: "orders",
    });
    expect(options).toMatchObject({ host: "127.0.0.1", port: 0, command: ["node", "--flag", "b.mjs"], timeoutSeconds: 3, memorySizeMB: 256, functionName: "orders" });
    expect(parseOptions(["x"], { TSLAMBDA_EMULATOR_ADDRESS: "[::1]:9000" })).toMatchObject({ host: "::1", port: 9000 });
  });

  it("rejects bad input with a usage error", () => {
    expect(() => parseOptions([], {})).toThrow(EmulatorUsageError);
    expect(() => parseOptions(["--address", "nowhere", "x"], {})).toThrow(/host:port/);
    expect(() => parseOptions(["x"], { AWS_LAMBDA_FUNCTION_TIMEOUT: "-1" })).toThrow(/positive/);
  });
});

describe("platform log lines", () => {
  it("formats START, END and REPORT like Lambda", () => {
    expect(startLine("id-1", "$LATEST")).toBe("START RequestId: id-1 Version: $LATEST");
    expect(endLine("id-1")).toBe("END RequestId: id-1");
    expect(reportLine({ requestId: "id-1", durationMs: 12.345, memorySizeMB: 128, maxMemoryUsedMB: 61, initDurationMs: 80.5 })).toBe(
      "REPORT RequestId: id-1\tDuration: 12.35 ms\tBilled Duration: 93 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\tInit Duration: 80.50 ms\t",
    );
    expect(reportLine({ requestId: "id-2", durationMs: 1.01, memorySizeMB: 128, maxMemoryUsedMB: 61, initDurationMs: undefined })).toBe(
      "REPORT RequestId: id-2\tDuration: 1.01 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\t",
    );
  });
});
