// The emulator as a Lambda Managed Instances environment (AWS_LAMBDA_MAX_CONCURRENCY in the
// function's environment), around the built bootstraps: eager init, many invokes at once, each
// answered with its own ids and a REPORT of its own, timeouts logged but not enforced.
import { describe, expect, it } from "vitest";
import { LocalFunction } from "../helpers/local-function.ts";

describe("emulator in Managed Instances mode", () => {
  it("takes 256 concurrent invokes with AWS_LAMBDA_MAX_CONCURRENCY=32: every answer is its own, with one REPORT each", async () => {
    await using fn = await LocalFunction.start("demos/concurrent", { AWS_LAMBDA_MAX_CONCURRENCY: "32", TSLAMBDA_MAX_QUEUED_INVOKES: "256" });
    const calls = Array.from({ length: 256 }, (_, i) => {
      const traceId = `Root=1-00000000-${String(i).padStart(24, "0")};Sampled=1`;
      return fn.invoke({ n: i }, { headers: { "x-amzn-trace-id": traceId, "x-amz-tenant-id": `tenant-${i}` } }).then((answer) => ({ i, traceId, answer }));
    });
    const answers = await Promise.all(calls);
    const requestIds = new Set<string>();
    for (const { i, traceId, answer } of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ event: { n: i }, requestId: answer.requestId, traceId, tenantId: `tenant-${i}` });
      requestIds.add(answer.requestId);
    }
    expect(requestIds.size).toBe(256);
    const reports = fn.logs().filter((line) => line.startsWith("REPORT RequestId: "));
    expect(new Set(reports.map((line) => line.split(/\s+/)[2])).size).toBe(256);
  });

  it("initialises eagerly (the first invoke carries no init) and says so in AWS_LAMBDA_INITIALIZATION_TYPE", async () => {
    await using fn = await LocalFunction.start("fixtures/concurrent-probe", { AWS_LAMBDA_MAX_CONCURRENCY: "4" });
    // The runtime's pollers park on /next before any invoke is sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const answer = await fn.invoke({});
    expect(answer.status).toBe(200);
    const report = fn.logs().find((line) => line.startsWith(`REPORT RequestId: ${answer.requestId}`));
    expect(report).not.toMatch(/Init Duration/);
    expect(answer.json<{ initType: string }>().initType).toBe("lambda-managed-instances");
  });

  it("logs a timeout without enforcing it: the caller gets Sandbox.Timedout, the runtime keeps running and serves the next invoke", async () => {
    await using fn = await LocalFunction.start("fixtures/concurrent-probe", { AWS_LAMBDA_MAX_CONCURRENCY: "4", AWS_LAMBDA_FUNCTION_TIMEOUT: "1" });
    const late = await fn.invoke({ wait: 1600 });
    expect(late.functionError).toBe("Unhandled");
    expect(late.json()).toMatchObject({ errorType: "Sandbox.Timedout" });
    expect(fn.logsFor(late.requestId).some((line) => line.includes("Task timed out after 1.00 seconds"))).toBe(true);
    // The runtime says its handler is past the deadline, and is not restarted.
    await fn.waitForLog(new RegExp(`${late.requestId} passed its deadline`));
    const next = await fn.invoke({});
    expect(next.status).toBe(200);
    expect(next.json()).toMatchObject({ requestId: next.requestId });
    const report = fn.logs().find((line) => line.startsWith(`REPORT RequestId: ${next.requestId}`));
    expect(report).not.toMatch(/Init Duration/);
  });

  it("refuses an extension that registers for INVOKE (403 Extension.InvalidEventType); it exits, and the invoke fails with Extension.Crash", async () => {
    // demos/extension's external extension subscribes to INVOKE, as it may in classic mode.
    await using fn = await LocalFunction.start("demos/extension", { AWS_LAMBDA_MAX_CONCURRENCY: "4" });
    const answer = await fn.invoke({});
    expect(answer.functionError).toBe("Unhandled");
    expect(answer.json()).toMatchObject({ errorType: "Extension.Crash", errorMessage: expect.stringContaining("invocation-counter exited") });
    expect(fn.logs().some((line) => line.startsWith("[extension invocation-counter]") && line.includes('register answered 403: {"errorType":"Extension.InvalidEventType"'))).toBe(true);
    expect(fn.logs()).not.toContain("[extension invocation-counter] registered for test_function");
  });
});
