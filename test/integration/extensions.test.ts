import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { LocalFunction } from "../helpers/local-function.ts";

describe("Extensions API under the emulator", () => {
  it("an external extension registers, gets one INVOKE per invoke (with tracing), and SHUTDOWN at stop", async () => {
    const fn = await LocalFunction.start("demos/extension");
    const traced = await fn.invoke({ n: 1 }, { headers: { "x-amzn-trace-id": "Root=1-67891233-abcdef012345678912345678;Sampled=1" } });
    const plain = await fn.invoke({ n: 2 });
    expect(traced.json().requestId).toBe(traced.requestId);
    expect(fn.logs()).toContain("[extension invocation-counter] registered for test_function");
    const invokes = fn.logs().filter((l) => l.startsWith("[extension invocation-counter] INVOKE "));
    expect(invokes).toEqual([`[extension invocation-counter] INVOKE ${traced.requestId}`, `[extension invocation-counter] INVOKE ${plain.requestId}`]);
    // The internal extension in the function's process saw the first invoke by the second.
    expect(plain.json().seenInProcess).toBeGreaterThanOrEqual(1);
    // Each invoke's END comes after the extension's INVOKE line: the invoke waits for its /next.
    const lines = fn.logs();
    expect(lines.indexOf(`END RequestId: ${plain.requestId}`)).toBeGreaterThan(lines.indexOf(`[extension invocation-counter] INVOKE ${plain.requestId}`));

    expect(await fn.stop()).toBe(0);
    expect(fn.logs()).toContain(`[extension invocation-counter] summary: 2 invokes (1 traced), shutdown reason spindown, last ${plain.requestId}`);
    expect(fn.logs().some((l) => /\tINFO\tfunction shutting down after \d invokes seen in-process$/.test(l))).toBe(true);
  });

  it("a crashing extension fails init with Extension.Crash, on every invoke", async () => {
    await using fn = await LocalFunction.start("fixtures/ext-crash");
    for (let i = 0; i < 2; i++) {
      const res = await fn.invoke({});
      expect(res.functionError).toBe("Unhandled");
      expect(res.json()).toMatchObject({ errorType: "Extension.Crash", errorMessage: expect.stringContaining("crasher exited (status 3)") });
    }
    expect(fn.logs()).toContain("[extension crasher] about to crash");
  });

  it("an extension's init error fails init with its error type", async () => {
    await using fn = await LocalFunction.start("fixtures/ext-init-error");
    const res = await fn.invoke({});
    expect(res.json()).toMatchObject({ errorType: "Extension.InitError", errorMessage: expect.stringContaining("cannot reach the metrics backend") });
  });

  it("an extension that ignores SHUTDOWN is killed at the deadline and the emulator still stops", async () => {
    const fn = await LocalFunction.start("fixtures/ext-stubborn");
    expect((await fn.invoke({})).json()).toBe("ok");
    const stopping = performance.now();
    expect(await fn.stop()).toBe(0);
    const tookMs = performance.now() - stopping;
    expect(fn.logs()).toContain("[extension stubborn] ignoring shutdown");
    expect(fn.logs()).toContain("[extension stubborn] still running at the shutdown deadline: killed");
    // Killed at the 2 s budget, not left running (loose: timing on a shared machine varies).
    expect(tookMs).toBeGreaterThan(1500);
    expect(tookMs).toBeLessThan(10_000);
  });
});
