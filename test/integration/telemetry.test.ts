import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { TelemetryEvent } from "../../runtime/telemetry/types.ts";
import { LocalFunction } from "../helpers/local-function.ts";

function recorder(extra: Record<string, string> = {}) {
  const out = join(mkdtempSync(join(tmpdir(), "telemetry-")), "batches.jsonl");
  const batches = (): TelemetryEvent[][] => (existsSync(out) ? readFileSync(out, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);
  return { env: { TELEMETRY_OUT: out, ...extra }, batches, events: () => batches().flat() };
}

const types = (events: TelemetryEvent[]) => events.map((e) => e.type);

describe("Telemetry API under the emulator", () => {
  it("delivers init, start, function lines, runtimeDone and report per invoke, in order, with plausible metrics", async () => {
    const rec = recorder();
    const fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    const first = await fn.invoke({ lines: 2, marker: "first" });
    const second = await fn.invoke({ lines: 1, marker: "second" });
    await fn.stop();
    const events = rec.events();
    const all = types(events);
    expect(all.slice(0, 1)).toEqual(["platform.telemetrySubscription"]);
    for (const type of ["platform.initRuntimeDone", "platform.initReport"]) expect(all).toContain(type);
    expect(events.find((e) => e.type === "platform.initReport")?.record).toMatchObject({ status: "success", phase: "init", metrics: { durationMs: expect.any(Number) } });

    for (const [res, marker, lines] of [[first, "first", 2], [second, "second", 1]] as const) {
      const at = (type: string) => events.findIndex((e) => e.type === type && (e.record as { requestId?: string }).requestId === res.requestId);
      const start = at("platform.start");
      const done = at("platform.runtimeDone");
      const report = at("platform.report");
      expect(start).toBeGreaterThanOrEqual(0);
      expect(done).toBeGreaterThan(start);
      expect(report).toBeGreaterThan(done);
      const logs = events.filter((e, i) => e.type === "function" && i > start && typeof e.record === "string" && e.record.includes(`\t${res.requestId}\tINFO\t${marker} `));
      expect(logs).toHaveLength(lines);
      const runtimeDone = events[done]!.record as { status: string; metrics: { durationMs: number; producedBytes: number }; spans: { name: string }[] };
      expect(runtimeDone.status).toBe("success");
      expect(runtimeDone.metrics.durationMs).toBeGreaterThan(0);
      expect(runtimeDone.metrics.producedBytes).toBe(JSON.stringify({ requestId: res.requestId }).length);
      expect(runtimeDone.spans.map((s) => s.name)).toEqual(["responseLatency", "responseDuration"]);
      const metrics = (events[report]!.record as { metrics: Record<string, number> }).metrics;
      expect(metrics["durationMs"]).toBeGreaterThan(0);
      expect(metrics["maxMemoryUsedMB"]).toBeGreaterThan(0);
      expect(metrics["maxMemoryUsedMB"]).toBeLessThanOrEqual(metrics["memorySizeMB"]!);
      expect(metrics["billedDurationMs"]).toBeGreaterThanOrEqual(Math.floor(metrics["durationMs"]!));
    }
    const reports = events.filter((e) => e.type === "platform.report").map((e) => e.record as { metrics: { initDurationMs?: number } });
    expect(reports[0]!.metrics.initDurationMs).toBeGreaterThan(0);
    expect(reports[1]!.metrics.initDurationMs).toBeUndefined();
  });

  it("JSON log format gives JSON function records", async () => {
    const rec = recorder({ AWS_LAMBDA_LOG_FORMAT: "JSON" });
    const fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    const res = await fn.invoke({ lines: 1, marker: "json" });
    await fn.stop();
    const record = rec.events().find((e) => e.type === "function")?.record;
    expect(record).toMatchObject({ level: "INFO", requestId: res.requestId, message: "json 0" });
  });

  it("honours maxItems: with a long timeout, batches are cut at exactly maxItems", async () => {
    const rec = recorder({ TELEMETRY_BUFFERING: JSON.stringify({ maxItems: 1000, maxBytes: 1048576, timeoutMs: 30000 }) });
    const fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    await fn.invoke({ lines: 1500, marker: "bulk" });
    // The first 1,000 records go out as soon as they are there, long before the 30 s timeout.
    await expect.poll(() => rec.batches().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(rec.batches()[0]).toHaveLength(1000);
    await fn.stop();
    expect(Math.max(...rec.batches().map((b) => b.length))).toBe(1000);
    expect(rec.events().filter((e) => e.type === "function")).toHaveLength(1500);
  });

  it("honours timeoutMs: a few records are delivered within it, without waiting for more", async () => {
    const rec = recorder({ TELEMETRY_BUFFERING: JSON.stringify({ maxItems: 10000, timeoutMs: 25 }) });
    await using fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    const res = await fn.invoke({ lines: 1 });
    await expect.poll(() => rec.events().some((e) => e.type === "platform.report" && (e.record as { requestId: string }).requestId === res.requestId), { timeout: 5_000 }).toBe(true);
  });

  it("a slow subscriber does not change or delay the invoke's result", async () => {
    const rec = recorder({ TELEMETRY_SLOW_MS: "3000" });
    await using fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await fn.invoke({ lines: 5 });
      expect(res.json()).toEqual({ requestId: res.requestId });
      expect(Date.now() - started).toBeLessThan(2500);
    }
  });

  it("a subscriber that cannot keep up drops whole batches on its side and counts them", async () => {
    const rec = recorder({ TELEMETRY_SLOW_MS: "2000", TELEMETRY_MAX_QUEUED: "1" });
    const fn = await LocalFunction.start("fixtures/telemetry-recorder", rec.env);
    // Invokes further apart than the 25 ms buffering: each one's records are a batch of their own,
    // so while the first batch is held (2 s) the second waits and the later ones find no room.
    // Back to back, a fast run could fit all four invokes in two batches and drop nothing.
    for (let i = 0; i < 4; i++) {
      await fn.invoke({ lines: 1 });
      await sleep(150);
    }
    await fn.stop();
    const line = fn.logs().find((l) => l.startsWith("[extension recorder] dropped batches: "));
    expect(Number(line?.split(": ")[1])).toBeGreaterThan(0);
  });

  it("the telemetry demo prints a one-line summary per invoke", async () => {
    await using fn = await LocalFunction.start("demos/telemetry");
    const res = await fn.invoke({ lines: 3 });
    const line = await fn.waitForLog(new RegExp(`summary ${res.requestId}: `));
    expect(line).toMatch(new RegExp(`^\\[extension telemetry-summary\\] summary ${res.requestId}: success, duration [\\d.]+ ms, billed \\d+ ms, memory \\d+/3008 MB, 3 log lines$`));
  });
});
