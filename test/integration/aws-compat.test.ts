// Functions written for AWS's Node.js runtime run unchanged: _HANDLER picks the export, errors
// are reported and logged in AWS's shapes, with frames in the TypeScript sources.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeRuntimeApi } from "../helpers/fake-runtime-api.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("_HANDLER picks the handler, as on AWS", () => {
  it("follows a nested export path", async () => {
    await using fn = await LocalFunction.start("fixtures/handler-spec", { _HANDLER: "index.handlers.main" });
    expect((await fn.invoke({})).json()).toBe("handlers.main");
  });

  it("fails init with Runtime.HandlerNotFound for an export that does not exist (no fallback to `handler`)", async () => {
    await using fn = await LocalFunction.start("fixtures/handler-spec", { _HANDLER: "index.nope" });
    const res = await fn.invoke({});
    expect(res.functionError).toBe("Unhandled");
    expect(res.json()).toMatchObject({ errorType: "Runtime.HandlerNotFound", errorMessage: "index.nope is undefined or not exported" });
  });

  it("fails init with Runtime.MalformedHandlerName for a _HANDLER without an export", async () => {
    await using fn = await LocalFunction.start("fixtures/handler-spec", { _HANDLER: "index" });
    expect((await fn.invoke({})).json()).toMatchObject({ errorType: "Runtime.MalformedHandlerName" });
  });

  it("without _HANDLER, runs the `handler` export", async () => {
    await using fn = await LocalFunction.start("fixtures/handler-spec");
    expect((await fn.invoke({})).json()).toBe("handler");
  });
});

describe("init errors keep the original error", () => {
  it("an error thrown at the module's top level is reported as itself, frames in the TypeScript source", async () => {
    await using fn = await LocalFunction.start("fixtures/init-failures", { FIXTURE_FAIL: "throw" });
    const body = (await fn.invoke({})).json();
    expect(body).toMatchObject({ errorType: "ConfigMissing", errorMessage: "TABLE_NAME is not set" });
    expect(body.trace[0]).toBe("ConfigMissing: TABLE_NAME is not set");
    expect(body.trace[1]).toMatch(/^ {4}at loadSettings \(test\/fixtures\/functions\/init-failures\/settings\.ts:6:\d+\)$/);
    // The log line, as AWS's runtime prints it: label, tab, the error as JSON with a stack array.
    const line = fn.logs().find((l) => l.includes("\tERROR\tInit Error \t"))!;
    const logged = JSON.parse(line.slice(line.indexOf("Init Error \t") + "Init Error \t".length));
    expect(logged).toMatchObject({ errorType: "ConfigMissing", errorMessage: "TABLE_NAME is not set", stack: body.trace });
  });

  it("a module that cannot be found is Runtime.ImportModuleError", async () => {
    await using fn = await LocalFunction.start("fixtures/init-failures", { FIXTURE_FAIL: "missing" });
    const body = (await fn.invoke({})).json();
    expect(body).toMatchObject({ errorType: "Runtime.ImportModuleError", errorMessage: expect.stringMatching(/^Error( \[ERR_MODULE_NOT_FOUND\])?: Cannot find module .*not-bundled\.mjs/) });
  });

  it("code that does not parse is Runtime.UserCodeSyntaxError", async () => {
    await using fn = await LocalFunction.start("fixtures/init-failures", { FIXTURE_FAIL: "syntax" });
    const body = (await fn.invoke({})).json();
    expect(body).toMatchObject({ errorType: "Runtime.UserCodeSyntaxError", errorMessage: expect.stringMatching(/^SyntaxError: /) });
    expect(body.trace[0]).toMatch(/^SyntaxError: /);
  });

  it("the bootstrap posts the original error to /init/error, with trace", async () => {
    await using api = await FakeRuntimeApi.start();
    const child = spawn(process.execPath, [resolve("dist/fixtures/init-failures/bootstrap")], {
      env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: api.address, FIXTURE_FAIL: "throw" },
      stdio: "ignore",
    });
    await new Promise((done) => child.once("exit", done));
    const [initError] = api.requests;
    expect(initError).toMatchObject({ method: "POST", path: "/2018-06-01/runtime/init/error" });
    expect(initError!.headers["lambda-runtime-function-error-type"]).toBe("ConfigMissing");
    expect(Object.keys(JSON.parse(initError!.body.toString()))).toEqual(["errorType", "errorMessage", "trace"]);
  });
});

describe("invoke errors and JSON logs, as AWS's Node.js runtime writes them", () => {
  it("the error body has `trace`, its frames in the function's TypeScript files", async () => {
    await using fn = await LocalFunction.start("fixtures/json-logs");
    const body = (await fn.invoke({ fail: true })).json();
    expect(body).toMatchObject({ errorType: "PaymentFailed", errorMessage: "cannot charge 0" });
    expect(body).not.toHaveProperty("stackTrace");
    expect(body.trace.slice(0, 3)).toEqual([
      "PaymentFailed: cannot charge 0",
      expect.stringMatching(/^ {4}at chargeCard \(test\/fixtures\/functions\/json-logs\/billing\.ts:6:\d+\)$/),
      expect.stringMatching(/^ {4}at .+ \(test\/fixtures\/functions\/json-logs\/index\.ts:13:\d+\)$/),
    ]);
  });

  it("AWS_LAMBDA_LOG_FORMAT=JSON: objects stay JSON, several arguments are formatted, errors add their fields", async () => {
    await using fn = await LocalFunction.start("fixtures/json-logs", { AWS_LAMBDA_LOG_FORMAT: "JSON" });
    const res = await fn.invoke({});
    const records = fn.logs().filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    const base = { timestamp: expect.stringMatching(ISO), requestId: res.requestId };
    expect(records).toContainEqual({ ...base, level: "INFO", message: { orderId: 42, status: "paid" } });
    expect(records).toContainEqual({ ...base, level: "INFO", message: "order o-1 has 3 items" });
    expect(records).toContainEqual({ ...base, level: "WARN", message: "plain text" });
    expect(records).toContainEqual({ ...base, level: "INFO", message: "<ref *1> { orderId: 43, self: [Circular *1] }" });
    const failed = records.find((r) => r.level === "ERROR");
    expect(failed).toMatchObject({ ...base, errorType: "RangeError", errorMessage: "card declined", message: expect.stringMatching(/^charge failed: RangeError: card declined\n {4}at /) });
    expect(failed.stackTrace[0]).toBe("RangeError: card declined");
    expect(failed.stackTrace[1]).toMatch(/^ {4}at .+ \(test\/fixtures\/functions\/json-logs\/index\.ts:9:\d+\)$/);
  });
});
