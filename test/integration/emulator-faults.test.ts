// No client can take the emulator down: requests that break off mid-body, callers that leave,
// oversized Function URL bodies, more invokes than may wait, and connections that never send
// their headers. After each, the next invoke works.
import { describe, expect, it, vi } from "vitest";
import { request } from "undici";
import { abortMidBody, closedByPeer, slowHeaders } from "../helpers/raw-http.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const startLines = (fn: LocalFunction) => fn.logs().filter((l) => l.startsWith("START RequestId:"));

describe("requests that break off mid-body", () => {
  it("leave every server up, run nothing, and the next invoke works", async () => {
    await using fn = await LocalFunction.start("demos/echo");
    const targets = [fn.invokeUrl, fn.streamingInvokeUrl, `${fn.functionUrl}/upload`];
    for (const url of targets) {
      await abortMidBody(url, "content-length");
      await abortMidBody(url, "chunked");
    }
    const aborted = () => fn.logs().filter((l) => /the caller went away after \d+ bytes of the body.*nothing was run/.test(l));
    await vi.waitFor(() => expect(aborted()).toHaveLength(6));
    expect(aborted().filter((l) => l.includes("function URL: POST /upload"))).toHaveLength(2);
    expect(startLines(fn)).toHaveLength(0);

    const res = await fn.invoke({ after: "aborts" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ after: "aborts" });
    const viaUrl = await request(`${fn.functionUrl}/x`, { method: "POST", body: "still here" });
    expect(viaUrl.statusCode).toBe(200);
    await viaUrl.body.dump();
  });
});

describe("callers that leave", () => {
  it("an invoke whose caller left while it waited is not run", async () => {
    await using fn = await LocalFunction.start("fixtures/sleep");
    const running = fn.invoke({ ms: 800 });
    await fn.waitForLog(/^START RequestId/);
    const controller = new AbortController();
    const waiting = request(fn.invokeUrl, { method: "POST", body: JSON.stringify({ ms: 0, marker: "never" }), signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect((await running).json()).toMatchObject({ slept: "slept" });
    await fn.waitForLog(/a waiting invoke's caller went away; it was not run/);
    expect(startLines(fn)).toHaveLength(1);
    expect((await fn.invoke({ ms: 0 })).json()).toMatchObject({ slept: "slept" });
  });

  it("an invoke whose caller left after hand-off finishes, its result is discarded and logged", async () => {
    await using fn = await LocalFunction.start("fixtures/sleep");
    const controller = new AbortController();
    const gone = request(fn.invokeUrl, { method: "POST", body: JSON.stringify({ ms: 300 }), signal: controller.signal });
    const start = await fn.waitForLog(/^START RequestId/);
    controller.abort();
    await expect(gone).rejects.toThrow();
    const requestId = /RequestId: (\S+)/.exec(start)![1]!;
    await fn.waitForLog(new RegExp(`${requestId} the caller went away; the result was discarded`));
    await fn.waitForLog(new RegExp(`^REPORT RequestId: ${requestId}`));
    const next = await fn.invoke({ ms: 0 });
    expect(next.json()).toMatchObject({ slept: "slept" });
  });
});

describe("body limits", () => {
  it("the Function URL front refuses a 7 MB body with 413 and runs nothing, like the invoke API", async () => {
    await using fn = await LocalFunction.start("demos/echo");
    const big = Buffer.alloc(7 * 1024 * 1024, 0x61);
    const viaUrl = await request(`${fn.functionUrl}/big`, { method: "POST", body: big });
    expect(viaUrl.statusCode).toBe(413);
    expect(await viaUrl.body.json()).toEqual({ Message: "Request Entity Too Large" });
    const viaInvoke = await request(fn.invokeUrl, { method: "POST", body: big });
    expect(viaInvoke.statusCode).toBe(413);
    expect(viaInvoke.headers["x-amzn-errortype"]).toBe("RequestTooLargeException");
    await viaInvoke.body.dump();
    expect(startLines(fn)).toHaveLength(0);
    expect((await fn.invoke({ small: true })).json()).toEqual({ small: true });
  });

  it("a streaming function called through Invoke is held to Invoke's 6 MB", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await fn.invoke({ megabytes: 7 });
    expect(res.functionError).toBe("Unhandled");
    expect(res.json()).toMatchObject({ errorType: "Function.ResponseSizeTooLarge", errorMessage: expect.stringContaining("6291556 bytes") });
  });
});

describe("resource bounds", () => {
  it("answers 429 TooManyRequestsException past the cap on waiting invokes", async () => {
    await using fn = await LocalFunction.start("fixtures/sleep", { TSLAMBDA_MAX_QUEUED_INVOKES: "2" });
    const running = fn.invoke({ ms: 600 });
    await fn.waitForLog(/^START RequestId/);
    const queued = [fn.invoke({ ms: 0 }), fn.invoke({ ms: 0 })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fn.invoke({ ms: 0 });
    expect(refused.status).toBe(429);
    expect(refused.headers["x-amzn-errortype"]).toBe("TooManyRequestsException");
    expect(refused.json()).toMatchObject({ Type: "User", Reason: "ReservedFunctionConcurrentInvocationLimitExceeded" });
    for (const res of await Promise.all([running, ...queued])) expect(res.json()).toMatchObject({ slept: "slept" });
    expect((await fn.invoke({ ms: 0 })).status).toBe(200);
  });

  it("closes connections that do not finish their headers", async () => {
    await using fn = await LocalFunction.start("demos/echo", { TSLAMBDA_HEADERS_TIMEOUT_MS: "500" });
    const sockets = await Promise.all(Array.from({ length: 10 }, () => slowHeaders(fn.url)));
    // Node's default would hold them for 60 s; the test's own timeout is far below that.
    await Promise.all(sockets.map(closedByPeer));
    expect((await fn.invoke({ alive: true })).json()).toEqual({ alive: true });
  }, 20_000);
});
