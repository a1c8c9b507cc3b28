import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { TelemetryEvent } from "../../runtime/telemetry/types.ts";
import { LocalFunction } from "../helpers/local-function.ts";

interface DemoAnswer {
  initializationType: string;
  hooksRan: string[];
  environmentId: string;
  availabilityZoneId: string | undefined;
}

const SNAP_START = { AWS_LAMBDA_INITIALIZATION_TYPE: "snap-start" };

describe("SnapStart rehearsed by the emulator (demos/snapstart)", () => {
  it("runs init, the before-snapshot hook, a restore, the after-restore hook, then invokes; logs the restore like Lambda", async () => {
    await using fn = await LocalFunction.start("demos/snapstart", SNAP_START);
    const first = await fn.invoke({});
    const second = await fn.invoke({});
    expect(first.status).toBe(200);
    const answer = first.json<DemoAnswer>();
    expect(answer.initializationType).toBe("snap-start");
    expect(answer.hooksRan).toEqual(["beforeSnapshot", "afterRestore"]);
    // One restore per environment: the second invoke finds the same state.
    expect(second.json<DemoAnswer>()).toMatchObject({ hooksRan: ["beforeSnapshot", "afterRestore"], environmentId: answer.environmentId });

    const logs = fn.logs();
    const restoreStart = logs.findIndex((l) => l.startsWith("RESTORE_START Runtime Version: "));
    const restoreReport = logs.findIndex((l) => /^RESTORE_REPORT Restore Duration: \d+\.\d\d ms$/.test(l));
    const firstReport = logs.findIndex((l) => l.startsWith(`REPORT RequestId: ${first.requestId}`));
    expect(restoreStart).toBeGreaterThanOrEqual(0);
    expect(restoreReport).toBeGreaterThan(restoreStart);
    expect(firstReport).toBeGreaterThan(restoreReport);
    // As on Lambda, the restore lines come before the first invoke's START.
    expect(logs.findIndex((l) => l.startsWith(`START RequestId: ${first.requestId}`))).toBeGreaterThan(restoreReport);
    const restoreMs = Number(/Restore Duration: (\d+\.\d\d) ms/.exec(logs[restoreReport]!)![1]);
    expect(logs[firstReport]).toContain(`\tRestore Duration: ${restoreMs.toFixed(2)} ms\tBilled Restore Duration: ${Math.ceil(restoreMs)} ms`);
    expect(logs[firstReport]).not.toContain("Init Duration");
    // The restore happens once; the second invoke's REPORT has no restore in it.
    expect(logs.filter((l) => l.startsWith("RESTORE_START"))).toHaveLength(1);
    expect(logs.find((l) => l.startsWith(`REPORT RequestId: ${second.requestId}`))).not.toContain("Restore Duration");
  });

  it("runs no hooks and no restore without snap-start", async () => {
    await using fn = await LocalFunction.start("demos/snapstart");
    const answer = (await fn.invoke({})).json<DemoAnswer>();
    expect(answer).toMatchObject({ initializationType: "on-demand", hooksRan: [] });
    expect(fn.logs().some((l) => l.startsWith("RESTORE_"))).toBe(false);
  });

  it("answers SnapStartException when the after-restore hook throws, and logs the failed restore", async () => {
    await using fn = await LocalFunction.start("demos/snapstart", { ...SNAP_START, SNAPSTART_DEMO_FAIL_RESTORE: "1" });
    const failed = await fn.invoke({});
    expect(failed.status).toBe(400);
    expect(failed.headers["x-amzn-errortype"]).toBe("SnapStartException");
    expect(failed.json<{ message: string }>().message).toMatch(/afterRestore\(\).*Runtime\.AfterRestoreError/);
    await fn.waitForLog(/^RESTORE_REPORT Restore Duration: .* ms\tStatus: error\tError Type: Runtime\.AfterRestoreError$/);
    expect(fn.logs().join("\n")).toMatch(/Restore Error.*the demo was asked to fail its restore/);
  });

  it("delivers restoreStart, restoreRuntimeDone and restoreReport, and reports the restore in platform.report", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "snap-telemetry-")), "batches.jsonl");
    const events = (): TelemetryEvent[] => (existsSync(out) ? readFileSync(out, "utf8").trim().split("\n").filter(Boolean).flatMap((l) => JSON.parse(l) as TelemetryEvent[]) : []);
    const fn = await LocalFunction.start("demos/snapstart", { ...SNAP_START, TELEMETRY_OUT: out, TSLAMBDA_EXTENSIONS_DIR: resolve("dist/fixtures/telemetry-recorder/extensions") });
    const first = await fn.invoke({});
    await fn.stop();
    const all = events();
    const types: string[] = all.map((e) => e.type);
    const at = (type: string) => types.indexOf(type);
    expect(all.find((e) => e.type === "platform.initRuntimeDone")?.record).toMatchObject({ initializationType: "snap-start", status: "success" });
    expect(at("platform.initReport")).toBeLessThan(at("platform.restoreStart"));
    expect(at("platform.restoreStart")).toBeLessThan(at("platform.restoreRuntimeDone"));
    expect(at("platform.restoreRuntimeDone")).toBeLessThan(at("platform.restoreReport"));
    expect(at("platform.restoreReport")).toBeLessThan(at("platform.start"));
    expect(all[at("platform.restoreRuntimeDone")]!.record).toMatchObject({ status: "success" });
    const restored = all[at("platform.restoreReport")]!.record as { status: string; metrics: { durationMs: number } };
    expect(restored.status).toBe("success");
    expect(restored.metrics.durationMs).toBeGreaterThan(0);
    const report = all.find((e) => e.type === "platform.report" && (e.record as { requestId: string }).requestId === first.requestId)!.record as { metrics: Record<string, number> };
    expect(report.metrics["restoreDurationMs"]).toBe(restored.metrics.durationMs);
    expect(report.metrics["billedRestoreDurationMs"]).toBe(Math.ceil(restored.metrics.durationMs));
    expect(report.metrics["initDurationMs"]).toBeUndefined();
  });
});

describe("the metadata endpoint under the emulator", () => {
  it("gives the function its Availability Zone id through executionEnvironmentMetadata()", async () => {
    await using fn = await LocalFunction.start("demos/snapstart", { TSLAMBDA_AVAILABILITY_ZONE_ID: "euw1-az3" });
    expect((await fn.invoke({})).json<DemoAnswer>().availabilityZoneId).toBe("euw1-az3");
  });

  it("defaults to use1-az1", async () => {
    await using fn = await LocalFunction.start("demos/snapstart");
    expect((await fn.invoke({})).json<DemoAnswer>().availabilityZoneId).toBe("use1-az1");
  });
});
