import { describe, expect, it } from "vitest";
import { LocalFunction } from "../helpers/local-function.ts";
import { NODE_FLAG } from "../../runtime/node-flags.ts";

describe("echo demo under the emulator", () => {
  it("round-trips JSON and prints START, END and REPORT with Init Duration on the cold start", async () => {
    await using fn = await LocalFunction.start("demos/echo");
    const event = { text: "héllo ✓", list: [1, 2.5, null, true], nested: { a: { b: "c" } } };
    const first = await fn.invoke(event);
    expect(first.status).toBe(200);
    expect(first.functionError).toBeUndefined();
    expect(first.json()).toEqual(event);
    const lines = fn.logsFor(first.requestId);
    expect(lines[0]).toBe(`START RequestId: ${first.requestId} Version: $LATEST`);
    expect(lines).toContain(`END RequestId: ${first.requestId}`);
    const report = lines.find((l) => l.startsWith("REPORT"))!;
    expect(report).toMatch(/\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 3008 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t$/);
    const maxUsed = Number(/Max Memory Used: (\d+) MB/.exec(report)![1]);
    expect(maxUsed).toBeGreaterThan(10);
    expect(maxUsed).toBeLessThan(3008);

    const second = await fn.invoke([1, 2, 3]);
    expect(second.json()).toEqual([1, 2, 3]);
    expect(fn.logsFor(second.requestId).find((l) => l.startsWith("REPORT"))).not.toMatch(/Init Duration/);
  });

  it("passes every byte value through in raw mode", async () => {
    await using fn = await LocalFunction.start("demos/echo", { ECHO_MODE: "raw" });
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const res = await fn.invoke(bytes, { headers: { "content-type": "application/octet-stream" } });
    expect(res.status).toBe(200);
    expect(res.body.equals(bytes)).toBe(true);
  });
});

describe("fail demo", () => {
  it("returns Lambda's error shape and logs the error with the request id", async () => {
    await using fn = await LocalFunction.start("demos/fail");
    const res = await fn.invoke({ message: "card declined" });
    expect(res.status).toBe(200);
    expect(res.functionError).toBe("Unhandled");
    const body = res.json();
    expect(body).toMatchObject({ errorType: "DemoFailure", errorMessage: "card declined" });
    expect(body.trace[0]).toBe("DemoFailure: card declined");
    const logged = fn.logsFor(res.requestId).find((l) => l.includes("\tERROR\t"));
    expect(logged).toMatch(new RegExp(`^\\S+Z\\t${res.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"DemoFailure"`));
  });
});

describe("oversize demo", () => {
  it("fails cleanly with Function.ResponseSizeTooLarge and the next invoke works", async () => {
    await using fn = await LocalFunction.start("demos/oversize");
    const big = await fn.invoke({});
    expect(big.functionError).toBe("Unhandled");
    expect(big.json()).toMatchObject({ errorType: "Function.ResponseSizeTooLarge" });
    expect(big.json().errorMessage).toMatch(/7340032 bytes.*6291556 bytes/);
    expect(fn.logsFor(big.requestId).join("\n")).toMatch(/ERROR\tInvoke Error.*Function\.ResponseSizeTooLarge/);

    const small = await fn.invoke({ bytes: 100 });
    expect(small.functionError).toBeUndefined();
    expect(small.json()).toBe("x".repeat(98));
  });
});

describe("debug demo", () => {
  it("shows metadata, invoke context and environment, with secrets redacted", async () => {
    await using fn = await LocalFunction.start("demos/debug", {
      AWS_LAMBDA_FUNCTION_NAME: "orders",
      AWS_SECRET_ACCESS_KEY: "very-secret",
      AWS_SESSION_TOKEN: "token-value",
      DB_PASSWORD: "hunter2",
      GREETING: "hi",
    });
    const clientContext = Buffer.from(JSON.stringify({ custom: { build: "42" } })).toString("base64");
    const res = await fn.invoke({ probe: 1 }, { headers: { "x-amz-client-context": clientContext, "x-amz-tenant-id": "tenant-a" } });
    const body = res.json();
    expect(body.function).toMatchObject({ name: "orders", version: "$LATEST", memoryLimitInMB: "3008", logGroupName: "/aws/lambda/orders" });
    expect(body.invoke).toMatchObject({
      requestId: res.requestId,
      invokedFunctionArn: "arn:aws:lambda:us-east-1:012345678912:function:orders",
      tenantId: "tenant-a",
      clientContext: { custom: { build: "42" } },
      xRayTraceId: null,
    });
    expect(body.invoke.remainingTimeInMillis).toBeGreaterThan(290_000);
    expect(body.environment).toMatchObject({ GREETING: "hi", AWS_SECRET_ACCESS_KEY: "[redacted]", AWS_SESSION_TOKEN: "[redacted]", DB_PASSWORD: "[redacted]" });
    expect(JSON.stringify(body)).not.toMatch(/very-secret|token-value|hunter2/);
    expect(body.event).toEqual({ probe: 1 });
    // The emulator starts the runtime with the option Lambda gives it through the bootstrap's first line.
    expect(body.runtime.execArgv).toEqual([NODE_FLAG]);
  });
});
