import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const reportOf = (fn: LocalFunction, requestId: string) => fn.logsFor(requestId).find((l) => l.startsWith("REPORT")) ?? "";

describe("init failures", () => {
  it("an error at module load is the invoke's error, reported as itself, and every invoke re-inits", async () => {
    await using fn = await LocalFunction.start("fixtures/init-error");
    for (let i = 0; i < 2; i++) {
      const res = await fn.invoke({});
      expect(res.functionError).toBe("Unhandled");
      expect(res.json()).toMatchObject({ errorType: "Error", errorMessage: "FIXTURE_CONFIG is not set: init fails on purpose" });
      expect(reportOf(fn, res.requestId)).toMatch(/Init Duration/);
    }
    expect(fn.logs().filter((l) => /\tERROR\tInit Error \t\{"errorType":"Error","errorMessage":"FIXTURE_CONFIG is not set/.test(l))).toHaveLength(2);
  });

  it("the same module initialises once its configuration is fixed", async () => {
    await using fn = await LocalFunction.start("fixtures/init-error", { FIXTURE_CONFIG: "ready" });
    expect((await fn.invoke({})).json()).toBe("ready");
  });

  it("the bootstrap posts /init/error and exits non-zero", async () => {
    await using api = await FakeRuntimeApi.start();
    const child = spawn(process.execPath, [resolve("dist/fixtures/init-error/bootstrap")], {
      env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: "ignore",
    });
    const code = await new Promise((done) => child.once("exit", done));
    expect(code).not.toBe(0);
    const [initError] = api.requests;
    expect(initError).toMatchObject({ method: "POST", path: "/2018-06-01/runtime/init/error" });
    expect(initError!.headers["lambda-runtime-function-error-type"]).toBe("Error");
  });

  it("a callback-style handler fails init with Runtime.CallbackHandlerDeprecated", async () => {
    await using fn = await LocalFunction.start("fixtures/callback-style");
    const res = await fn.invoke({});
    expect(res.json()).toMatchObject({ errorType: "Runtime.CallbackHandlerDeprecated" });
    expect(res.json().errorMessage).toMatch(/callback-style handlers are not supported on Node.js 24/);
  });
});

describe("handlers written for AWS's Node.js runtime", () => {
  it("run unchanged from an exported `handler`", async () => {
    await using fn = await LocalFunction.start("fixtures/aws-style", { AWS_LAMBDA_FUNCTION_NAME: "greeter" });
    const res = await fn.invoke({ name: "Ada" });
    expect(res.json()).toEqual({ greeting: "hello Ada", requestId: res.requestId, functionName: "greeter" });
  });
});

describe("timeout", () => {
  it("answers Sandbox.Timedout, logs it, and re-inits for the next invoke", async () => {
    await using fn = await LocalFunction.start("fixtures/sleep", { AWS_LAMBDA_FUNCTION_TIMEOUT: "1" });
    const slow = await fn.invoke({ ms: 60_000, ignoreSignal: true });
    expect(slow.functionError).toBe("Unhandled");
    expect(slow.json()).toEqual({ errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${slow.requestId} Error: Task timed out after 1.00 seconds` });
    expect(fn.logsFor(slow.requestId).some((l) => l.endsWith(`${slow.requestId} Task timed out after 1.00 seconds`))).toBe(true);

    const next = await fn.invoke({ ms: 0 });
    expect(next.json()).toEqual({ slept: "slept", requestId: next.requestId });
    expect(reportOf(fn, next.requestId)).toMatch(/Init Duration/);
  });
});

describe("crash and restart", () => {
  it("an uncaught exception is that invoke's error; the process restarts for the next", async () => {
    await using fn = await LocalFunction.start("fixtures/crash");
    const before = (await fn.invoke({ ok: true })).json().pid;
    const crash = await fn.invoke({ how: "uncaught" });
    expect(crash.functionError).toBe("Unhandled");
    expect(crash.json()).toMatchObject({ errorType: "Runtime.UncaughtException", errorMessage: "thrown on purpose outside the handler" });
    expect(fn.logsFor(crash.requestId).join("\n")).toMatch(/ERROR\tUncaught Exception \t/);
    const after = await fn.invoke({ ok: true });
    expect(after.json().ok).toBe(true);
    expect(after.json().pid).not.toBe(before);
    expect(reportOf(fn, after.requestId)).toMatch(/Init Duration/);
  });

  it("an unhandled rejection is reported as Runtime.UnhandledPromiseRejection", async () => {
    await using fn = await LocalFunction.start("fixtures/crash");
    const res = await fn.invoke({ how: "rejection" });
    expect(res.json()).toMatchObject({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: "rejected on purpose" });
    expect((await fn.invoke({ ok: true })).json().ok).toBe(true);
  });

  it("process.exit mid-invoke is Runtime.ExitError with the exit status", async () => {
    await using fn = await LocalFunction.start("fixtures/crash");
    const res = await fn.invoke({ how: "exit" });
    expect(res.json()).toEqual({ errorType: "Runtime.ExitError", errorMessage: `RequestId: ${res.requestId} Error: Runtime exited with error: exit status 3` });
    expect(fn.logs()).toContain("Runtime.ExitError");
    expect((await fn.invoke({ ok: true })).json().ok).toBe(true);
  });
});

describe("1,000 sequential invokes", () => {
  it("leak no request id, trace id or tenant id from one invoke into the next", async () => {
    await using fn = await LocalFunction.start("demos/debug");
    const seenIds = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const traced = i % 2 === 0;
      const tenant = i % 3 === 0;
      const headers: Record<string, string> = {};
      if (traced) headers["x-amzn-trace-id"] = `Root=1-${(0x60000000 + i).toString(16)}-${i.toString(16).padStart(24, "0")};Sampled=1`;
      if (tenant) headers["x-amz-tenant-id"] = `tenant-${i}`;
      const res = await fn.invoke({ i }, { headers });
      const body = res.json();
      expect(body.event).toEqual({ i });
      expect(body.invoke.requestId).toBe(res.requestId);
      expect(body.invoke.xRayTraceId).toBe(traced ? headers["x-amzn-trace-id"] : null);
      expect(body.invoke.traceEnv).toBe(traced ? headers["x-amzn-trace-id"] : null);
      expect(body.environment._X_AMZN_TRACE_ID).toBe(traced ? headers["x-amzn-trace-id"] : undefined);
      expect(body.invoke.tenantId).toBe(tenant ? `tenant-${i}` : null);
      seenIds.add(res.requestId);
    }
    expect(seenIds.size).toBe(1000);
    // One process served them all: exactly one cold start.
    expect(fn.logs().filter((l) => l.includes("Init Duration"))).toHaveLength(1);
  });
});

describe("the trace header in the environment", () => {
  it("is process.env._X_AMZN_TRACE_ID however the function's code reads it, child processes included, and gone when an invoke has none", async () => {
    await using fn = await LocalFunction.start("fixtures/trace-env");
    const traced = "Root=1-67a0b1c2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
    expect((await fn.invoke({}, { headers: { "x-amzn-trace-id": traced } })).json()).toEqual({ read: traced, kept: traced, imported: traced, listed: true, spread: traced, child: traced });
    expect((await fn.invoke({})).json()).toEqual({ read: null, kept: null, imported: null, listed: false, spread: null, child: "none" });
  });
});

describe("Runtime API faults, against the built bootstrap", () => {
  it("a 500 from /next is logged clearly and the process exits for Lambda to restart it", async () => {
    await using api = await FakeRuntimeApi.start();
    api.push({ status: 500, body: '{"errorType":"InternalServerError"}' });
    const child = spawn(process.execPath, [resolve("dist/demos/echo/bootstrap")], {
      env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const code = await new Promise((done) => child.once("exit", done));
    expect(code).not.toBe(0);
    expect(output).toMatch(/FATAL\tRuntime API failed, exiting so Lambda restarts the runtime: Runtime.ApiFault: GET \/next answered 500/);
  });

  it("a reset /next is retried and the invoke is answered exactly once", async () => {
    await using api = await FakeRuntimeApi.start();
    api.push({ reset: true });
    api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "after-reset" }), body: '{"v":1}' });
    const child = spawn(process.execPath, [resolve("dist/demos/echo/bootstrap")], {
      env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: "ignore",
    });
    const [response] = await api.waitFor((r) => r.method === "POST");
    await api.waitFor((r) => r.method === "GET", 3);
    child.kill();
    expect(response!.path).toBe("/2018-06-01/runtime/invocation/after-reset/response");
    expect(response!.body.toString()).toBe('{"v":1}');
    expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
