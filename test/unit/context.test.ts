import { describe, expect, it, vi } from "vitest";
import { buildContext, MalformedInvocation, readInvocationHeaders } from "../../runtime/context.ts";
import { readConfig, ConfigError } from "../../runtime/config.ts";

const config = readConfig({
  AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001",
  AWS_LAMBDA_FUNCTION_NAME: "fn",
  AWS_LAMBDA_FUNCTION_VERSION: "7",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
  AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/fn",
  AWS_LAMBDA_LOG_STREAM_NAME: "2026/11/23/[7]abc",
  _HANDLER: "index.main",
});

describe("readConfig", () => {
  it("reads the function settings and the handler export from _HANDLER", () => {
    expect(config).toEqual({
      runtimeApi: "127.0.0.1:9001",
      functionName: "fn",
      functionVersion: "7",
      memoryLimitInMB: "512",
      logGroupName: "/aws/lambda/fn",
      logStreamName: "2026/11/23/[7]abc",
      handler: { module: "index", exportPath: ["main"] },
      maxConcurrency: 1,
    });
  });

  it("reads AWS_LAMBDA_MAX_CONCURRENCY: above 1 is Managed Instances; absent, 1 or malformed is classic", () => {
    const api = { AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" };
    expect(readConfig({ ...api, AWS_LAMBDA_MAX_CONCURRENCY: "32" }).maxConcurrency).toBe(32);
    for (const value of [undefined, "1", "0", "-4", "2.5", "many"]) {
      expect(readConfig({ ...api, ...(value === undefined ? {} : { AWS_LAMBDA_MAX_CONCURRENCY: value }) }).maxConcurrency).toBe(1);
    }
  });

  it("rejects a missing or malformed AWS_LAMBDA_RUNTIME_API clearly", () => {
    expect(() => readConfig({})).toThrow(ConfigError);
    expect(() => readConfig({ AWS_LAMBDA_RUNTIME_API: "http://x:1/" })).toThrow(/must be host:port/);
  });

  it("parses _HANDLER as AWS does (module up to the first dot, nested export path) and rejects a malformed one", () => {
    const api = { AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" };
    expect(readConfig({ ...api, _HANDLER: "src/app.handlers.main" }).handler).toEqual({ module: "src/app", exportPath: ["handlers", "main"] });
    expect(readConfig(api).handler).toBeUndefined();
    expect(() => readConfig({ ...api, _HANDLER: "index" })).toThrow(expect.objectContaining({ name: "Runtime.MalformedHandlerName" }));
  });
});

describe("invocation headers and context", () => {
  const headers = {
    "lambda-runtime-aws-request-id": "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
    "lambda-runtime-deadline-ms": "1542409706888",
    "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-2:123456789012:function:fn:prod",
    "lambda-runtime-trace-id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
    "lambda-runtime-client-context": '{"client":{"app_title":"demo"},"custom":{"k":"v"},"env":{"locale":"en"}}',
    "lambda-runtime-cognito-identity": '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}',
    "lambda-runtime-aws-tenant-id": "tenant-42",
    "lambda-runtime-invocation-id": "inv-1",
  };

  it("maps every header onto the context", () => {
    const context = buildContext(readInvocationHeaders(headers), config);
    expect(context).toMatchObject({
      awsRequestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
      invokedFunctionArn: "arn:aws:lambda:us-east-2:123456789012:function:fn:prod",
      functionName: "fn",
      functionVersion: "7",
      memoryLimitInMB: "512",
      logGroupName: "/aws/lambda/fn",
      logStreamName: "2026/11/23/[7]abc",
      deadline: 1542409706888,
      xRayTraceId: headers["lambda-runtime-trace-id"],
      tenantId: "tenant-42",
      identity: { cognitoIdentityId: "id-1", cognitoIdentityPoolId: "pool-1" },
      clientContext: { client: { app_title: "demo" }, custom: { k: "v" }, env: { locale: "en" } },
      callbackWaitsForEmptyEventLoop: false,
    });
  });

  it("leaves optional fields undefined when their headers are absent", () => {
    const context = buildContext(
      readInvocationHeaders({ "lambda-runtime-aws-request-id": "r", "lambda-runtime-deadline-ms": "1" }),
      config,
    );
    expect(context.xRayTraceId).toBeUndefined();
    expect(context.tenantId).toBeUndefined();
    expect(context.identity).toBeUndefined();
    expect(context.clientContext).toBeUndefined();
  });

  it("counts remaining time down to the deadline, never below zero", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const context = buildContext(readInvocationHeaders({ ...headers, "lambda-runtime-deadline-ms": "1003000" }), config);
    expect(context.getRemainingTimeInMillis()).toBe(3000);
    vi.advanceTimersByTime(2500);
    expect(context.getRemainingTimeInMillis()).toBe(500);
    vi.advanceTimersByTime(5000);
    expect(context.getRemainingTimeInMillis()).toBe(0);
    vi.useRealTimers();
  });

  it("aborts context.signal at the deadline", async () => {
    const context = buildContext(readInvocationHeaders({ ...headers, "lambda-runtime-deadline-ms": String(Date.now() + 50) }), config);
    expect(context.signal.aborted).toBe(false);
    await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
    expect(context.signal.aborted).toBe(true);
  });

  it("rejects an invoke without request id, with a bad deadline or bad JSON headers", () => {
    expect(() => readInvocationHeaders({ "lambda-runtime-deadline-ms": "1" })).toThrow(MalformedInvocation);
    expect(() => readInvocationHeaders({ "lambda-runtime-aws-request-id": "r", "lambda-runtime-deadline-ms": "soon" })).toThrow(/not a number/);
    try {
      readInvocationHeaders({ ...headers, "lambda-runtime-client-context": "{oops" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedInvocation);
      expect((error as { requestId?: string }).requestId).toBe(headers["lambda-runtime-aws-request-id"]);
    }
  });
});
